-- Resultaträkning total (2.1): the summary income statement for every closed month-end as report period,
-- with member contributions presented inside operating revenue. Columns: utfall for the period
-- (periodiserat utfall, fiscal year to date), utfall for the same period of the prior year, budget and
-- forecast for the whole year, and utfall for the whole prior year. Internal items eliminated (the
-- forecast is made gross, as published). SEK with öre in *_amount, whole tkr in *_tkr.
with amounts as (
    select * from {{ ref('int_income_statement_lines_by_unit') }}
    where not is_internal
),

layout as (
    select * from {{ ref('int_entity__report_layouts') }}
    where report = 'income_statement_summary'
),

sources as (
    select * from {{ ref('report_line_sources') }}
    where report = 'income_statement_summary'
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

leaf_rows as (
    select
        periods.report_period,
        layout.line_code,
        layout.sort_order,
        sum(amounts.periodiserat_amount) as utfall_amount,
        sum(amounts.periodiserat_prior_amount) as utfall_prior_amount,
        sum(amounts.budget_amount) as budget_amount,
        sum(amounts.forecast_amount) as forecast_amount,
        sum(amounts.prior_year_amount) as prior_year_amount
    from periods
    cross join (select * from layout where level = 'line') as layout
    left join sources using (line_code)
    left join amounts
        on amounts.report_period = periods.report_period
        and amounts.line_code = sources.source_line_code
    group by all
),

column_availability as (
    select
        report_period,
        bool_or(periodiserat_prior_amount is not null) as has_prior,
        bool_or(budget_amount is not null) as has_budget,
        bool_or(forecast_amount is not null) as has_forecast,
        bool_or(prior_year_amount is not null) as has_prior_year
    from amounts
    group by report_period
),

leaf_rows_filled as (
    select
        leaf_rows.report_period,
        leaf_rows.line_code,
        leaf_rows.sort_order,
        coalesce(leaf_rows.utfall_amount, 0) as utfall_amount,
        case when column_availability.has_prior then coalesce(leaf_rows.utfall_prior_amount, 0) end as utfall_prior_amount,
        case when column_availability.has_budget then coalesce(leaf_rows.budget_amount, 0) end as budget_amount,
        case when column_availability.has_forecast then coalesce(leaf_rows.forecast_amount, 0) end as forecast_amount,
        case when column_availability.has_prior_year then coalesce(leaf_rows.prior_year_amount, 0) end as prior_year_amount
    from leaf_rows
    left join column_availability using (report_period)
),

subtotal_rows as (
    select
        leaf.report_period,
        subtotal.line_code,
        subtotal.sort_order,
        sum(leaf.utfall_amount) as utfall_amount,
        sum(leaf.utfall_prior_amount) as utfall_prior_amount,
        sum(leaf.budget_amount) as budget_amount,
        sum(leaf.forecast_amount) as forecast_amount,
        sum(leaf.prior_year_amount) as prior_year_amount
    from (select * from layout where level = 'subtotal') as subtotal
    inner join leaf_rows_filled as leaf on leaf.sort_order < subtotal.sort_order
    group by all
),

all_rows as (
    select * from leaf_rows_filled
    union all by name
    select * from subtotal_rows
),

final as (
    select
        all_rows.report_period,
        cast(row_number() over (partition by all_rows.report_period order by all_rows.sort_order) as integer) as row_order,
        all_rows.line_code,
        layout.label,
        layout.level,
        cast(all_rows.utfall_amount as decimal(18, 2)) as utfall_amount,
        cast(all_rows.utfall_prior_amount as decimal(18, 2)) as utfall_prior_amount,
        cast(all_rows.budget_amount as decimal(18, 2)) as budget_amount,
        cast(all_rows.forecast_amount as decimal(18, 2)) as forecast_amount,
        cast(all_rows.prior_year_amount as decimal(18, 2)) as prior_year_amount,
        {{ to_tkr('all_rows.utfall_amount') }} as utfall_tkr,
        {{ to_tkr('all_rows.utfall_prior_amount') }} as utfall_prior_tkr,
        {{ to_tkr('all_rows.budget_amount') }} as budget_tkr,
        {{ to_tkr('all_rows.forecast_amount') }} as forecast_tkr,
        {{ to_tkr('all_rows.prior_year_amount') }} as prior_year_tkr
    from all_rows
    inner join layout using (line_code)
    where layout.always_show
        or all_rows.utfall_amount <> 0
        or coalesce(all_rows.utfall_prior_amount, 0) <> 0
        or coalesce(all_rows.budget_amount, 0) <> 0
        or coalesce(all_rows.forecast_amount, 0) <> 0
        or coalesce(all_rows.prior_year_amount, 0) <> 0
)

select * from final
