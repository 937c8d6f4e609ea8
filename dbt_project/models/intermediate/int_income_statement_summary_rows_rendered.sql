-- Resultaträkning total (2.1) as printed rows, one row per report period × printed line: each line of the
-- summary layout (seed report_layouts, report income_statement_summary) sums the income-statement lines
-- seed report_line_sources names for it (member contributions inside operating revenue), internal items
-- eliminated, and the subtotals, rendered by render_report_rows. Report sign, SEK with öre, unrounded.
-- Size: report periods × summary lines.
with {{ income_statement_inputs(lines=false) }},

layout as (
    select * from {{ ref('int_entity__report_layouts') }}
    where report = 'income_statement_summary'
),

sources as (
    select * from {{ ref('report_line_sources') }}
    where report = 'income_statement_summary'
),

cells as (
    select
        amounts.report_period,
        sources.line_code,
        sum(amounts.periodiserat_amount) as utfall_amount,
        sum(amounts.periodiserat_prior_amount) as utfall_prior_amount,
        sum(amounts.budget_amount) as budget_amount,
        sum(amounts.forecast_amount) as forecast_amount,
        sum(amounts.prior_year_amount) as prior_year_amount
    from amounts
    inner join sources on sources.source_line_code = amounts.line_code
    group by all
),

period_lines as (
    -- each line of the layout at each report period, with what its printed row carries besides the figures
    select
        periods.report_period, layout.line_code, layout.label, layout.level, layout.note_no, layout.sort_order,
        layout.always_show
    from periods cross join layout
),

leaf_rows as (
    select
        period_lines.*,
        {{ known_amounts('cells', [
            ['utfall', none], ['utfall_prior', 'has_same_period_prior_year'], ['budget', 'has_budget'],
            ['forecast', 'has_forecast'], ['prior_year', 'has_prior_year']]) }}
    from period_lines
    inner join known using (report_period)
    left join cells
        on cells.report_period = period_lines.report_period
        and cells.line_code = period_lines.line_code
    where period_lines.level = 'line'
),

total_rows as (
    select * from period_lines
    where level = 'subtotal'
),

{{ render_report_rows('leaf_rows', 'total_rows', report='income_statement_summary',
    partition_by=['report_period'],
    columns=['utfall', 'utfall_prior', 'budget', 'forecast', 'prior_year'],
    number_within=['report_period'], order_by='sort_order') }},

final as (
    select
        report_period,
        row_order,
        line_code,
        label,
        level,
        utfall_amount,
        utfall_prior_amount,
        budget_amount,
        forecast_amount,
        prior_year_amount
    from rendered
)

select * from final
