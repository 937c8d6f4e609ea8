-- Resultaträkning total (2.1) as printed rows, one row per report period × printed line: each line of the
-- summary layout (seed report_layouts, report income_statement_summary) sums the income-statement lines
-- seed report_line_sources names for it (member contributions inside operating revenue), internal items
-- eliminated, and the subtotals, rendered by render_report_rows. Report sign, SEK with öre, unrounded.
-- Size: report periods × summary lines.
{#- the summary's figures in their printed order, each with the availability flag that makes it unknown
    (known_amounts): the period's utfall, the same period of the prior year, budget, forecast, the prior year -#}
{%- set figures = [
    ['utfall', none], ['utfall_prior', 'has_same_period_prior_year'], ['budget', 'has_budget'],
    ['forecast', 'has_forecast'], ['prior_year', 'has_prior_year']] %}
{%- set columns = figures | map('first') | list %}
with {{ income_statement_inputs(lines=false) }},

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
    inner join {{ ref('report_line_sources') }} as sources
        on sources.source_line_code = amounts.line_code and sources.report = 'income_statement_summary'
    group by all
),

period_lines as (
    -- each line of the layout at each report period, with what its printed row carries besides the figures
    select
        periods.report_period, layout.line_code, layout.label, layout.level, layout.note_no, layout.sort_order,
        layout.always_show
    from periods
    cross join {{ ref('int_entity__report_layouts') }} as layout
    where layout.report = 'income_statement_summary'
),

leaf_rows as (
    select
        period_lines.*,
        {{ known_amounts('cells', figures) }}
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
    partition_by=['report_period'], columns=columns) }},

final as (
    select
        rendered.report_period,
        rendered.row_order,
        rendered.line_code,
        rendered.label,
        rendered.level,
        {{ amount_columns('rendered', columns) }}
    from rendered
)

select * from final
