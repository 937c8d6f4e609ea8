-- One row per report period × unit × income-statement leaf line × internal flag: the amounts of every
-- column the income statements print, in report sign (revenue positive, costs negative), SEK with öre.
-- Per-unit statements add both internal flags (units gross); the total statements keep only the
-- external part (internal items eliminated). A comparison column the books do not reach is NULL.
with leaf_lines as (
    select line_code, report_sign from {{ ref('int_entity__report_lines') }}
    where statement = 'income_statement' and level = 'line'
),

posted as (
    select
        postings.report_period,
        postings.unit_code,
        postings.line_code,
        postings.is_internal,
        sum(case when postings.period_column = 'same_period_prior_year' then postings.amount end) as prior_amount,
        sum(case when postings.period_column = 'prior_year' then postings.amount end) as prior_year_amount,
        sum(
            case when postings.period_column = 'current' and not postings.is_period_end_accrual then postings.amount end
        )
            as utfall_amount,
        sum(case when postings.period_column = 'current' then postings.amount end) as periodiserat_amount,
        cast(null as decimal(18, 2)) as budget_amount
    from {{ ref('int_result_lines_at_report_columns') }} as postings
    group by all
),

budgeted as (
    select
        periods.report_period,
        budget.unit_code,
        budget.line_code,
        coalesce(budget.is_internal, false) as is_internal,
        null as prior_amount,
        null as prior_year_amount,
        null as utfall_amount,
        null as periodiserat_amount,
        sum(budget.budget_amount) as budget_amount
    from {{ ref('int_report_periods') }} as periods
    inner join {{ ref('int_budget_aggregated_to_year') }} as budget
        on budget.fiscal_year_start = periods.fiscal_year_start
    group by all
),

amounts as (
    select * from posted
    union all by name
    select * from budgeted
    union all by name
    -- a line with a forecast only has its row too (its figures are made in final)
    select report_period, unit_code, line_code, false as is_internal
    from {{ ref('int_forecast_lines_at_report_period') }}
),

summed as (
    select
        report_period,
        unit_code,
        line_code,
        is_internal,
        {{ summed_amounts(['prior', 'prior_year', 'utfall', 'periodiserat', 'budget']) }}
    from amounts
    group by all
),

final as (
    select
        summed.report_period,
        summed.unit_code,
        summed.line_code,
        summed.is_internal,
        cast(
            case
                when known.has_same_period_prior_year then coalesce(summed.prior_amount, 0) * leaf_lines.report_sign
            end
            as decimal(18, 2)
        ) as periodiserat_prior_amount,
        cast(
            case when known.has_prior_year then coalesce(summed.prior_year_amount, 0) * leaf_lines.report_sign end
            as decimal(18, 2)
        ) as prior_year_amount,
        cast(coalesce(summed.utfall_amount, 0) * leaf_lines.report_sign as decimal(18, 2)) as utfall_amount,
        cast(coalesce(summed.periodiserat_amount, 0) * leaf_lines.report_sign as decimal(18, 2)) as periodiserat_amount,
        cast(
            case when known.has_budget then coalesce(summed.budget_amount, 0) * leaf_lines.report_sign end
            as decimal(18, 2)
        ) as budget_amount,
        -- the forecast is made gross per unit in report sign; it carries no internal flag (kept on the external row)
        cast(case
            when not known.has_forecast then null
            when summed.is_internal then 0
            else coalesce(forecast.forecast_amount, 0)
        end as decimal(18, 2)) as forecast_amount
    from summed
    inner join leaf_lines using (line_code)
    inner join {{ ref('int_report_column_availability') }} as known using (report_period)
    left join {{ ref('int_forecast_lines_at_report_period') }} as forecast
        on forecast.report_period = summed.report_period
        and forecast.unit_code is not distinct from summed.unit_code
        and forecast.line_code = summed.line_code
        and not summed.is_internal
)

select * from final
