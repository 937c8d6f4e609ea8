-- Each unit's income statement (2.1.2–2.1.11) as printed rows, one row per report period × unit × printed
-- line: every leaf line of the layout with the unit's amounts, units gross (internal sales and purchases
-- included), and the subtotals, rendered by render_report_rows. Units: every unit the ledger declares and
-- any unit code that carries amounts at the period. Report sign, SEK with öre, unrounded. Size: report
-- periods × units × lines.
with {{ income_statement_inputs(with_internal=true, periods=false) }},

units as (
    {{ dimension_objects('unit') }}
),

report_units as (
    -- every unit the ledger declares, and any unit code that carries amounts
    select distinct amounts.report_period, units.unit_code
    from amounts cross join units
    union
    select distinct report_period, unit_code from amounts
),

cells as (
    select
        report_period,
        unit_code,
        line_code,
        sum(periodiserat_prior_amount) as periodiserat_prior_amount,
        sum(utfall_amount) as utfall_amount,
        sum(periodiserat_amount) as periodiserat_amount,
        sum(budget_amount) as budget_amount,
        sum(forecast_amount) as forecast_amount
    from amounts
    group by all
),

leaf_rows as (
    select
        report_units.report_period,
        report_units.unit_code,
        lines.line_code,
        case
            when lines.split_by_unit is not true then lines.label
            when unit_lines.label is not null then unit_lines.label
            else lines.label || ', ' || coalesce(units.unit_name, report_units.unit_code, '')
        end as label,
        lines.level,
        case when lines.split_by_unit then unit_lines.note_no else lines.note_no end as note_no,
        lines.sort_order,
        lines.always_show or lines.split_by_unit as always_show,
        {{ income_statement_known_amounts('cells') }}
    from report_units
    cross join lines
    inner join known using (report_period)
    left join cells
        on cells.report_period = report_units.report_period
        and cells.unit_code is not distinct from report_units.unit_code
        and cells.line_code = lines.line_code
    left join units on units.unit_code is not distinct from report_units.unit_code
    left join {{ ref('int_entity__unit_contribution_lines') }} as unit_lines
        on unit_lines.unit_code = report_units.unit_code
    where lines.level = 'line'
),

total_rows as (
    select
        report_units.report_period,
        report_units.unit_code,
        lines.line_code,
        lines.label,
        lines.level,
        lines.note_no,
        lines.sort_order,
        lines.always_show
    from report_units cross join lines
    where lines.level = 'subtotal'
),

{{ render_report_rows('leaf_rows', 'total_rows', report='income_statement',
    partition_by=['report_period', 'unit_code'], columns=income_statement_columns()) }},

final as (
    select
        rendered.report_period,
        rendered.unit_code,
        coalesce(unit_titles.short_code, rendered.unit_code) as unit_short_code,
        units.unit_name,
        coalesce(unit_titles.section_no, '') as section_no,
        coalesce(unit_titles.statement_title, 'Resultaträkning ' || coalesce(units.unit_name, rendered.unit_code, ''))
            as statement_title,
        cast(dense_rank() over (
            partition by rendered.report_period order by coalesce(unit_lines.sort_order, 999), rendered.unit_code
        ) as integer) as unit_order,
        rendered.row_order,
        rendered.line_code,
        rendered.label,
        rendered.level,
        rendered.note_no,
        {{ amount_columns('rendered', income_statement_columns()) }}
    from rendered
    left join units on units.unit_code is not distinct from rendered.unit_code
    left join {{ ref('int_entity__report_units') }} as unit_titles on unit_titles.unit_code = rendered.unit_code
    left join {{ ref('int_entity__unit_contribution_lines') }} as unit_lines
        on unit_lines.unit_code = rendered.unit_code
)

select * from final
