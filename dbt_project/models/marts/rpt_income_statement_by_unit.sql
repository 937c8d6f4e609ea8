-- The income statement of each unit (2.1.2–2.1.11): the change within the fiscal year to date, units
-- gross (internal sales and purchases included), for every closed month-end as report period. Same
-- columns as 2.1.1: periodiserat utfall of the same period of the prior year, utfall, periodiserat utfall,
-- budget and forecast for the whole year. SEK with öre in *_amount, whole tkr in *_tkr.
with amounts as (
    select * from {{ ref('int_income_statement_lines_by_unit') }}
),

lines as (
    select * from {{ ref('int_entity__report_lines') }}
    where statement = 'income_statement'
),

units as (
    select object_code as unit_code, object_name as unit_name
    from {{ ref('dim_objects') }}
    where dimension_role = 'unit'
),

unit_lines as (
    select * from {{ ref('int_entity__unit_contribution_lines') }}
),

unit_titles as (
    select * from {{ ref('int_entity__report_units') }}
),

report_units as (
    -- every unit the ledger declares, and any unit code that carries amounts
    select distinct amounts.report_period, units.unit_code
    from amounts cross join units
    union
    select distinct report_period, unit_code from amounts
),

leaf_rows as (
    select
        report_units.report_period,
        report_units.unit_code,
        lines.line_code,
        lines.sort_order,
        sum(amounts.periodiserat_prior_amount) as periodiserat_prior_amount,
        sum(amounts.utfall_amount) as utfall_amount,
        sum(amounts.periodiserat_amount) as periodiserat_amount,
        sum(amounts.budget_amount) as budget_amount,
        sum(amounts.forecast_amount) as forecast_amount
    from report_units
    cross join (select * from lines where level = 'line') as lines
    left join amounts
        on amounts.report_period = report_units.report_period
        and amounts.unit_code is not distinct from report_units.unit_code
        and amounts.line_code = lines.line_code
    group by all
),

column_availability as (
    -- a column is unknown (NULL) for the whole period when its source is missing, zero otherwise
    select
        report_period,
        bool_or(periodiserat_prior_amount is not null) as has_prior,
        bool_or(budget_amount is not null) as has_budget,
        bool_or(forecast_amount is not null) as has_forecast
    from amounts
    group by report_period
),

leaf_rows_filled as (
    select
        leaf_rows.report_period,
        leaf_rows.unit_code,
        leaf_rows.line_code,
        leaf_rows.sort_order,
        case when column_availability.has_prior then coalesce(leaf_rows.periodiserat_prior_amount, 0) end
            as periodiserat_prior_amount,
        coalesce(leaf_rows.utfall_amount, 0) as utfall_amount,
        coalesce(leaf_rows.periodiserat_amount, 0) as periodiserat_amount,
        case when column_availability.has_budget then coalesce(leaf_rows.budget_amount, 0) end as budget_amount,
        case when column_availability.has_forecast then coalesce(leaf_rows.forecast_amount, 0) end as forecast_amount
    from leaf_rows
    inner join column_availability using (report_period)
),

subtotal_rows as (
    -- a subtotal is the running total of every line above it
    select
        leaf.report_period,
        leaf.unit_code,
        subtotal.line_code,
        subtotal.sort_order,
        sum(leaf.periodiserat_prior_amount) as periodiserat_prior_amount,
        sum(leaf.utfall_amount) as utfall_amount,
        sum(leaf.periodiserat_amount) as periodiserat_amount,
        sum(leaf.budget_amount) as budget_amount,
        sum(leaf.forecast_amount) as forecast_amount
    from (select * from lines where level = 'subtotal') as subtotal
    inner join leaf_rows_filled as leaf on leaf.sort_order < subtotal.sort_order
    group by all
),

all_rows as (
    select * from leaf_rows_filled
    union all by name
    select * from subtotal_rows
),

labelled as (
    select
        all_rows.*,
        units.unit_name,
        coalesce(unit_titles.section_no, '') as section_no,
        coalesce(unit_titles.short_code, all_rows.unit_code) as unit_short_code,
        coalesce(unit_titles.statement_title, 'Resultaträkning ' || coalesce(units.unit_name, all_rows.unit_code, ''))
            as statement_title,
        coalesce(unit_lines.sort_order, 999) as unit_sort_order,
        case
            when lines.split_by_unit
                then coalesce(unit_lines.label, lines.label || ', ' || coalesce(units.unit_name, all_rows.unit_code, ''))
            else lines.label
        end as label,
        lines.level,
        case when lines.split_by_unit then unit_lines.note_no else lines.note_no end as note_no,
        lines.always_show or lines.split_by_unit as always_show
    from all_rows
    inner join lines using (line_code)
    left join units on units.unit_code is not distinct from all_rows.unit_code
    left join unit_titles on unit_titles.unit_code = all_rows.unit_code
    left join unit_lines on unit_lines.unit_code = all_rows.unit_code
),

final as (
    select
        report_period,
        unit_code,
        unit_short_code,
        unit_name,
        section_no,
        statement_title,
        cast(dense_rank() over (partition by report_period order by unit_sort_order, unit_code) as integer)
            as unit_order,
        cast(row_number() over (partition by report_period, unit_code order by sort_order) as integer) as row_order,
        line_code,
        label,
        level,
        note_no,
        {{ income_statement_amounts() }}
    from labelled
    where {{ income_statement_row_is_shown() }}
)

select * from final
