-- The total income statement (2.1.1) as printed rows, one row per report period × printed line: the leaf
-- lines of the entity's layout (a line split by unit prints one row per unit, labelled from
-- entity/unit_contribution_lines.csv), internal items eliminated, and the subtotals, rendered by
-- render_report_rows. Report sign, SEK with öre, unrounded (rpt_income_statement rounds to tkr; the
-- operating statement reads the same rows). Size: report periods × printed lines.
with {{ income_statement_inputs() }},

units as (
    {{ dimension_objects('unit') }}
),

cells as (
    select
        amounts.report_period,
        amounts.line_code,
        case when lines.split_by_unit then amounts.unit_code end as unit_code,
        {{ summed_amounts(income_statement_columns(), 'amounts') }}
    from amounts
    inner join lines using (line_code)
    where lines.level = 'line'
    group by all
),

leaf_keys as (
    -- every line the layout always prints, each unit the entity lists, and anything else with an amount
    select periods.report_period, lines.line_code, cast(null as varchar) as unit_code
    from periods cross join lines
    where lines.level = 'line' and not lines.split_by_unit
    union
    select periods.report_period, lines.line_code, unit_lines.unit_code
    from periods cross join lines cross join {{ ref('int_entity__unit_contribution_lines') }} as unit_lines
    where lines.level = 'line' and lines.split_by_unit
    union
    select report_period, line_code, unit_code from cells
),

leaf_rows as (
    select
        leaf_keys.report_period,
        leaf_keys.line_code,
        leaf_keys.unit_code,
        case
            when lines.split_by_unit
                then coalesce(unit_lines.label, lines.label || ', ' || coalesce(units.unit_name, leaf_keys.unit_code))
            else lines.label
        end as label,
        lines.level,
        case when lines.split_by_unit then unit_lines.note_no else lines.note_no end as note_no,
        lines.sort_order,
        coalesce(unit_lines.sort_order, 999) as unit_sort_order,
        lines.always_show or unit_lines.unit_code is not null as always_show,
        {{ income_statement_known_amounts('cells') }}
    from leaf_keys
    inner join lines using (line_code)
    inner join known using (report_period)
    left join cells
        on cells.report_period = leaf_keys.report_period
        and cells.line_code = leaf_keys.line_code
        and cells.unit_code is not distinct from leaf_keys.unit_code
    left join {{ ref('int_entity__unit_contribution_lines') }} as unit_lines
        on lines.split_by_unit and unit_lines.unit_code = leaf_keys.unit_code
    left join units on units.unit_code = leaf_keys.unit_code
),

total_rows as (
    select
        periods.report_period,
        lines.line_code,
        cast(null as varchar) as unit_code,
        lines.label,
        lines.level,
        lines.note_no,
        lines.sort_order,
        0 as unit_sort_order,
        lines.always_show
    from periods cross join lines
    where lines.level = 'subtotal'
),

{{ render_report_rows('leaf_rows', 'total_rows', report='income_statement',
    partition_by=['report_period'], columns=income_statement_columns(),
    order_by='sort_order, unit_sort_order, unit_code') }},

final as (
    select
        rendered.report_period,
        periods.fiscal_year_start,
        rendered.row_order,
        rendered.line_code,
        rendered.unit_code,
        rendered.label,
        rendered.level,
        rendered.note_no,
        {{ amount_columns('rendered', income_statement_columns()) }}
    from rendered
    inner join periods using (report_period)
)

select * from final
