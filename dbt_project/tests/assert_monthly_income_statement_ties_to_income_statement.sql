-- Resultaträkning per månad against resultaträkning: for every report period and printed line, the months of
-- the fiscal year through the period sum to the line's fiscal-year-to-date figure in rpt_income_statement
-- (periodiserat and utfall); and in the wide pivot, the month columns sum to year_to_date_amount, which is
-- the statement's figure at the year's last report period. Returns each line and period that does not tie.
with statement as (
    select report_period, line_code, unit_code, periodiserat_amount, utfall_amount
    from {{ ref('rpt_income_statement') }}
),

months_through_period as (
    select
        periods.report_period,
        months_so_far.line_code,
        months_so_far.unit_code,
        sum(months_so_far.periodiserat_amount) as periodiserat_amount,
        sum(months_so_far.utfall_amount) as utfall_amount
    from (
        select distinct report_period, fiscal_year_start from {{ ref('rpt_income_statement_by_month') }}
    ) as periods
    inner join {{ ref('rpt_income_statement_by_month') }} as months_so_far
        on months_so_far.fiscal_year_start = periods.fiscal_year_start
        and months_so_far.report_period <= periods.report_period
    group by all
),

long_form as (
    select
        'long form' as check_name,
        statement.report_period,
        statement.line_code,
        statement.unit_code,
        statement.periodiserat_amount as statement_amount,
        months_through_period.periodiserat_amount as months_amount
    from statement
    left join months_through_period
        on months_through_period.report_period = statement.report_period
        and months_through_period.line_code = statement.line_code
        and months_through_period.unit_code is not distinct from statement.unit_code
    where months_through_period.periodiserat_amount is distinct from statement.periodiserat_amount
        or months_through_period.utfall_amount is distinct from statement.utfall_amount
),

wide as (
    select
        'wide' as check_name,
        wide.last_report_period as report_period,
        wide.line_code,
        wide.unit_code,
        coalesce(statement.periodiserat_amount, 0) as statement_amount,
        {%- for month in range(1, 13) %}
            coalesce(wide.month_{{ '%02d' % month }}_amount, 0) {{ '+' if not loop.last }}
        {%- endfor %} as months_amount
    from {{ ref('rpt_income_statement_monthly') }} as wide
    left join statement
        on statement.report_period = wide.last_report_period
        and statement.line_code = wide.line_code
        and statement.unit_code is not distinct from wide.unit_code
    where wide.closed_months <= 12
        and (
            wide.year_to_date_amount <> coalesce(statement.periodiserat_amount, 0)
            or wide.year_to_date_amount <> (
                {%- for month in range(1, 13) %}
                    coalesce(wide.month_{{ '%02d' % month }}_amount, 0) {{ '+' if not loop.last }}
                {%- endfor %}
            )
        )
)

select * from long_form
union all
select * from wide
