-- The total income statement in the layout of 2.1.1, for every closed month-end as report period:
-- the change within the fiscal year to date. Columns: periodiserat utfall (accrual-adjusted outcome)
-- for the same period of the prior year, utfall (outcome without the period-end accrual series),
-- periodiserat utfall, the full-year budget and the full-year forecast (prognos; made gross per unit, so
-- not eliminated, as published). Internal items are eliminated. SEK with öre in
-- *_amount, whole tkr (each printed figure rounded on its own) in *_tkr.
with periods as (
    select * from {{ ref('int_report_periods') }}
),

monthly as (
    select * from {{ ref('int_balances_aggregated_to_month') }}
),

accounts as (
    select * from {{ ref('int_accounts_mapped_to_report_lines') }}
    where not is_internal
),

budget as (
    select * from {{ ref('int_budget_aggregated_to_year') }}
    where not is_internal
),

lines as (
    select * from {{ ref('int_entity__report_lines') }}
    where statement = 'income_statement'
),

leaf_lines as (
    select * from lines where level = 'line'
),

unit_lines as (
    select * from {{ ref('int_entity__unit_contribution_lines') }}
),

units as (
    select object_code as unit_code, object_name as unit_name
    from {{ ref('dim_objects') }}
    where dimension_role = 'unit'
),

year_to_date as (
    select
        monthly.month_end,
        leaf_lines.line_code,
        case when leaf_lines.split_by_unit then monthly.unit_code end as unit_code,
        sum(monthly.ytd_movement_amount * leaf_lines.report_sign) as periodiserat_amount,
        sum((monthly.ytd_movement_amount - monthly.ytd_accrual_movement_amount) * leaf_lines.report_sign)
            as utfall_amount
    from monthly
    inner join accounts using (account)
    inner join leaf_lines using (line_code)
    group by all
),

budget_by_line as (
    select
        budget.fiscal_year_start,
        leaf_lines.line_code,
        case when leaf_lines.split_by_unit then budget.unit_code end as unit_code,
        sum(budget.budget_amount * leaf_lines.report_sign) as budget_amount
    from budget
    inner join leaf_lines using (line_code)
    group by all
),

forecast_by_line as (
    -- the full-year forecast as made: gross per unit (internal items not eliminated), report sign
    select
        forecast.report_period,
        forecast.line_code,
        case when leaf_lines.split_by_unit then forecast.unit_code end as unit_code,
        sum(forecast.forecast_amount) as forecast_amount
    from {{ ref('int_forecast_lines_at_report_period') }} as forecast
    inner join leaf_lines using (line_code)
    group by all
),

forecast_periods as (
    select distinct report_period from {{ ref('int_forecast_lines_at_report_period') }}
),

budgeted_years as (
    select distinct fiscal_year_start from {{ ref('int_budget_aggregated_to_year') }}
),

leaf_keys as (
    -- every line the layout always prints, each unit the entity lists, and anything else with an amount
    select line_code, cast(null as varchar) as unit_code from leaf_lines where not split_by_unit
    union
    select leaf_lines.line_code, unit_lines.unit_code
    from leaf_lines cross join unit_lines
    where leaf_lines.split_by_unit
    union
    select line_code, unit_code from year_to_date
    union
    select line_code, unit_code from budget_by_line
    union
    select line_code, unit_code from forecast_by_line
),

leaf_rows as (
    select
        periods.report_period,
        periods.fiscal_year_start,
        leaf_keys.line_code,
        leaf_keys.unit_code,
        -- a comparison year that is not loaded is unknown (NULL), not zero
        case when prior_periods.report_period is not null then coalesce(prior.periodiserat_amount, 0) end
            as periodiserat_prior_amount,
        coalesce(current_ytd.utfall_amount, 0) as utfall_amount,
        coalesce(current_ytd.periodiserat_amount, 0) as periodiserat_amount,
        case when budgeted_years.fiscal_year_start is not null then coalesce(budget_by_line.budget_amount, 0) end
            as budget_amount,
        -- no forecast applies at the period: unknown (NULL), not zero
        case when forecast_periods.report_period is not null then coalesce(forecast_by_line.forecast_amount, 0) end
            as forecast_amount
    from periods
    cross join leaf_keys
    left join year_to_date as current_ytd
        on current_ytd.month_end = periods.report_period
        and current_ytd.line_code = leaf_keys.line_code
        and current_ytd.unit_code is not distinct from leaf_keys.unit_code
    left join periods as prior_periods
        on prior_periods.report_period = periods.same_date_prior_year
    left join year_to_date as prior
        on prior.month_end = periods.same_date_prior_year
        and prior.line_code = leaf_keys.line_code
        and prior.unit_code is not distinct from leaf_keys.unit_code
    left join budgeted_years
        on budgeted_years.fiscal_year_start = periods.fiscal_year_start
    left join budget_by_line
        on budget_by_line.fiscal_year_start = periods.fiscal_year_start
        and budget_by_line.line_code = leaf_keys.line_code
        and budget_by_line.unit_code is not distinct from leaf_keys.unit_code
    left join forecast_periods
        on forecast_periods.report_period = periods.report_period
    left join forecast_by_line
        on forecast_by_line.report_period = periods.report_period
        and forecast_by_line.line_code = leaf_keys.line_code
        and forecast_by_line.unit_code is not distinct from leaf_keys.unit_code
),

leaf_rows_labelled as (
    select
        leaf_rows.*,
        lines.sort_order,
        coalesce(unit_lines.sort_order, 999) as unit_sort_order,
        case
            when lines.split_by_unit then coalesce(unit_lines.label, lines.label || ', ' || coalesce(units.unit_name, leaf_rows.unit_code))
            else lines.label
        end as label,
        lines.level,
        case when lines.split_by_unit then unit_lines.note_no else lines.note_no end as note_no,
        lines.always_show or unit_lines.unit_code is not null as always_show
    from leaf_rows
    inner join lines using (line_code)
    left join unit_lines on lines.split_by_unit and unit_lines.unit_code = leaf_rows.unit_code
    left join units on units.unit_code = leaf_rows.unit_code
),

subtotal_rows as (
    -- a subtotal is the running total of every line above it
    select
        periods.report_period,
        periods.fiscal_year_start,
        subtotal.line_code,
        cast(null as varchar) as unit_code,
        sum(leaf.periodiserat_prior_amount) as periodiserat_prior_amount,
        sum(leaf.utfall_amount) as utfall_amount,
        sum(leaf.periodiserat_amount) as periodiserat_amount,
        sum(leaf.budget_amount) as budget_amount,
        sum(leaf.forecast_amount) as forecast_amount,
        subtotal.sort_order,
        0 as unit_sort_order,
        subtotal.label,
        subtotal.level,
        subtotal.note_no,
        subtotal.always_show
    from periods
    cross join (select * from lines where level = 'subtotal') as subtotal
    left join leaf_rows_labelled as leaf
        on leaf.report_period = periods.report_period
        and leaf.sort_order < subtotal.sort_order
    group by all
),

all_rows as (
    select * from leaf_rows_labelled
    union all by name
    select * from subtotal_rows
),

final as (
    select
        report_period,
        fiscal_year_start,
        cast(row_number() over (partition by report_period order by sort_order, unit_sort_order, unit_code) as integer)
            as row_order,
        line_code,
        unit_code,
        label,
        level,
        note_no,
        {{ income_statement_amounts() }}
    from all_rows
    where {{ income_statement_row_is_shown() }}
)

select * from final
