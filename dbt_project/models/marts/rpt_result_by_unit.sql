-- The period result per unit (1.3), for every closed month-end as report period: each unit's
-- "Periodens resultat" from its own income statement (periodiserat utfall, units gross), with budget and
-- forecast for the year, and a total row for the whole federation (internal items net to zero in it),
-- rendered by render_report_rows (the total sums the unit rows; report_layouts labels it). SEK with öre in
-- *_amount, whole tkr in *_tkr.
with unit_results as (
    select * from {{ ref('int_income_statement_by_unit_rows_rendered') }}
    where line_code = 'period_result'
),

total_layout as (
    select * from {{ ref('int_entity__report_layouts') }}
    where report = 'result_by_unit' and line_code = 'total'
),

members as (
    select 'total' as line_code, 'unit' as member_line_code
),

leaf_rows as (
    select
        report_period,
        'unit' as line_code,
        unit_code,
        unit_short_code,
        coalesce(unit_name, unit_code) as label,
        'line' as level,
        unit_order as sort_order,
        true as always_show,
        periodiserat_prior_amount,
        periodiserat_amount,
        budget_amount,
        forecast_amount
    from unit_results
),

total_rows as (
    select distinct
        unit_results.report_period,
        total_layout.line_code,
        cast(null as varchar) as unit_code,
        'TOTAL' as unit_short_code,
        total_layout.label,
        total_layout.level,
        2147483647 as sort_order,
        true as always_show
    from unit_results
    cross join total_layout
),

{{ render_report_rows('leaf_rows', 'total_rows', 'members', partition_by=['report_period'],
    columns=['periodiserat_prior', 'periodiserat', 'budget', 'forecast']) }},

final as (
    select
        report_period,
        row_order,
        unit_code,
        unit_short_code,
        label,
        level,
        {{ report_amounts(['periodiserat_prior', 'periodiserat', 'budget', 'forecast']) }}
    from rendered
)

select * from final
