-- The period result per unit (1.3), for every closed month-end as report period: each unit's
-- "Periodens resultat" from its own income statement (periodiserat utfall, units gross), with budget and
-- forecast for the year, and a total row for the whole federation (internal items net to zero in it).
-- SEK with öre in *_amount, whole tkr in *_tkr.
with unit_results as (
    select * from {{ ref('rpt_income_statement_by_unit') }}
    where line_code = 'period_result'
),

total_layout as (
    select * from {{ ref('int_entity__report_layouts') }}
    where report = 'result_by_unit' and line_code = 'total'
),

unit_rows as (
    select
        report_period,
        unit_order as row_order,
        unit_code,
        unit_short_code,
        coalesce(unit_name, unit_code) as label,
        'line' as level,
        periodiserat_prior_amount,
        periodiserat_amount,
        budget_amount,
        forecast_amount
    from unit_results
),

total_rows as (
    select
        unit_results.report_period,
        max(unit_results.unit_order) + 1 as row_order,
        null as unit_code,
        'TOTAL' as unit_short_code,
        any_value(total_layout.label) as label,
        'total' as level,
        sum(unit_results.periodiserat_prior_amount) as periodiserat_prior_amount,
        sum(unit_results.periodiserat_amount) as periodiserat_amount,
        sum(unit_results.budget_amount) as budget_amount,
        sum(unit_results.forecast_amount) as forecast_amount
    from unit_results
    cross join total_layout
    group by unit_results.report_period
),

all_rows as (
    select * from unit_rows
    union all by name
    select * from total_rows
),

final as (
    select
        report_period,
        cast(row_order as integer) as row_order,
        cast(unit_code as varchar) as unit_code,
        cast(unit_short_code as varchar) as unit_short_code,
        label,
        level,
        cast(periodiserat_prior_amount as decimal(18, 2)) as periodiserat_prior_amount,
        cast(periodiserat_amount as decimal(18, 2)) as periodiserat_amount,
        cast(budget_amount as decimal(18, 2)) as budget_amount,
        cast(forecast_amount as decimal(18, 2)) as forecast_amount,
        {{ to_tkr('periodiserat_prior_amount') }} as periodiserat_prior_tkr,
        {{ to_tkr('periodiserat_amount') }} as periodiserat_tkr,
        {{ to_tkr('budget_amount') }} as budget_tkr,
        {{ to_tkr('forecast_amount') }} as forecast_tkr
    from all_rows
)

select * from final
