-- The per-unit income statements (2.1.2–2.1.11) add up to the total (2.1.1) on every line and in every
-- ledger column, once the internal items (sales between units, in the units' gross figures) are taken
-- out; and the units' results add up to the total result in 1.3. Returns each line that does not tie.
{#- the figures compared, summed per report period × line -#}
{%- set line_sums -%}
    report_period, line_code, sum(periodiserat_prior_amount) as prior_amount,
        sum(utfall_amount) as utfall_amount, sum(periodiserat_amount) as periodiserat_amount
{%- endset %}
with units as (
    select {{ line_sums }}
    from {{ ref('rpt_income_statement_by_unit') }}
    group by all
),

internal as (
    select {{ line_sums }}
    from {{ ref('int_income_statement_lines_by_unit') }}
    where is_internal
    group by all
),

total as (
    select {{ line_sums }}
    from {{ ref('rpt_income_statement') }}
    group by all
),

compared as (
    select
        total.report_period,
        total.line_code,
        total.periodiserat_amount - (coalesce(units.periodiserat_amount, 0) - coalesce(internal.periodiserat_amount, 0))
            as periodiserat_difference,
        total.utfall_amount - (coalesce(units.utfall_amount, 0) - coalesce(internal.utfall_amount, 0))
            as utfall_difference,
        coalesce(total.prior_amount, 0) - (coalesce(units.prior_amount, 0) - coalesce(internal.prior_amount, 0))
            as prior_difference
    from total
    left join units using (report_period, line_code)
    left join internal using (report_period, line_code)
    union all
    select
        total.report_period,
        'result_by_unit total' as line_code,
        total.periodiserat_amount - result_total.periodiserat_amount as periodiserat_difference,
        0 as utfall_difference,
        0 as prior_difference
    from total
    inner join {{ ref('rpt_result_by_unit') }} as result_total using (report_period)
    where total.line_code = 'period_result' and result_total.level = 'total'
)

select * from compared
where periodiserat_difference <> 0 or utfall_difference <> 0 or prior_difference <> 0
