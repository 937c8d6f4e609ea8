-- Driftredovisning (2.5): outcome against budget, line by line in the layout of 2.1.1, for every closed
-- month-end as report period. Columns: utfall of the same period of the prior year, budget for the year,
-- budget for the period (the year's budget × months elapsed / 12, each printed figure rounded on its
-- own), utfall for the period, variance (utfall − budget for the period) and forecast variance (forecast
-- − budget for the year); in tkr the variances are the differences of the printed figures, so each row
-- reads across, as published. Utfall is periodiserat utfall, internal items eliminated, as in 2.1.1. SEK
-- with öre in *_amount, whole tkr in *_tkr.
with budgeted_rows as (
    -- each printed row with its budget for the period: budget × months / 12 in exact integer öre, half away
    -- from zero
    select
        statement.*,
        cast(
            sign(cast(statement.budget_amount * 100 as hugeint) * periods.months_in_period)
            * ((abs(cast(statement.budget_amount * 100 as hugeint) * periods.months_in_period) * 2 + 12) // 24)
            as decimal(38, 0)
        ) * 0.01 as budget_period_amount
    from {{ ref('int_income_statement_rows_rendered') }} as statement
    left join {{ ref('int_report_periods') }} as periods using (report_period)
),

joined as (
    select
        statement.report_period,
        statement.row_order,
        statement.line_code,
        statement.unit_code,
        coalesce(label_overrides.label, statement.label) as label,
        statement.level,
        statement.note_no,
        statement.periodiserat_prior_amount as utfall_prior_amount,
        statement.budget_amount,
        statement.budget_period_amount,
        statement.periodiserat_amount as utfall_amount,
        statement.periodiserat_amount - statement.budget_period_amount as variance_amount,
        statement.forecast_amount
    from budgeted_rows as statement
    left join {{ ref('int_entity__report_layouts') }} as label_overrides
        on label_overrides.report = 'operating_statement'
        and label_overrides.line_code = statement.line_code
        and statement.unit_code is null
),

final as (
    select
        report_period,
        {{ printed_line_columns() }},
        cast(utfall_prior_amount as decimal(18, 2)) as utfall_prior_amount,
        cast(budget_amount as decimal(18, 2)) as budget_amount,
        cast(budget_period_amount as decimal(18, 2)) as budget_period_amount,
        cast(utfall_amount as decimal(18, 2)) as utfall_amount,
        cast(variance_amount as decimal(18, 2)) as variance_amount,
        cast(forecast_amount as decimal(18, 2)) as forecast_amount,
        cast(forecast_amount - budget_amount as decimal(18, 2)) as forecast_variance_amount,
        {{ to_tkr('utfall_prior_amount') }} as utfall_prior_tkr,
        {{ to_tkr('budget_amount') }} as budget_tkr,
        {{ to_tkr('budget_period_amount') }} as budget_period_tkr,
        {{ to_tkr('utfall_amount') }} as utfall_tkr,
        -- the variances read across the printed row: the difference of the printed (rounded) figures
        {{ to_tkr('utfall_amount') }} - {{ to_tkr('budget_period_amount') }} as variance_tkr,
        {{ to_tkr('forecast_amount') }} as forecast_tkr,
        {{ to_tkr('forecast_amount') }} - {{ to_tkr('budget_amount') }} as forecast_variance_tkr
    from joined
)

select * from final
