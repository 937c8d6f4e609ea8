-- Resultaträkning per månad, long form: the total income statement's printed lines (the layout, labels and
-- order of rpt_income_statement) with each closed month's own figure: the change of the fiscal year to date
-- from the previous month-end to this one. One row per closed month (report period) × line printed in any
-- month of its fiscal year, so every month of a year has the same rows. A line not printed at a month-end
-- (all zero) counts as zero there. Report sign (revenue positive, costs negative), internal items
-- eliminated, SEK with öre, never rounded. Open (preliminary) months are absent.
-- Size: ≤ income-statement lines × closed months (read from int_income_statement_rows_rendered, report
-- periods × printed lines; no posting is read).
with row_keys as (
    -- every row printed at any month-end of the fiscal year; its label, level and note are the layout's
    select
        fiscal_year_start,
        line_code,
        unit_code,
        any_value(label) as label,
        any_value(level) as level,
        any_value(note_no) as note_no
    from {{ ref('int_income_statement_rows_rendered') }}
    group by all
),

ordered_keys as (
    -- the renderer's order (render_report_rows: sort_order, unit_sort_order, unit_code), fixed over the year
    select
        row_keys.*,
        cast(row_number() over (
            partition by row_keys.fiscal_year_start
            order by
                lines.sort_order,
                case when row_keys.level = 'subtotal' then 0 else coalesce(unit_lines.sort_order, 999) end,
                row_keys.unit_code
        ) as integer) as row_order
    from row_keys
    inner join {{ ref('int_entity__report_lines') }} as lines
        on lines.line_code = row_keys.line_code and lines.statement = 'income_statement'
    left join {{ ref('int_entity__unit_contribution_lines') }} as unit_lines
        on lines.split_by_unit and unit_lines.unit_code = row_keys.unit_code
),

grid as (
    select
        periods.report_period,
        periods.fiscal_year_start,
        periods.months_in_period as month_no,
        ordered_keys.row_order,
        ordered_keys.line_code,
        ordered_keys.unit_code,
        ordered_keys.label,
        ordered_keys.level,
        ordered_keys.note_no,
        coalesce(rendered.periodiserat_amount, 0) as periodiserat_ytd_amount,
        coalesce(rendered.utfall_amount, 0) as utfall_ytd_amount
    from ordered_keys
    inner join {{ ref('int_report_periods') }} as periods using (fiscal_year_start)
    left join {{ ref('int_income_statement_rows_rendered') }} as rendered
        on rendered.report_period = periods.report_period
        and rendered.line_code = ordered_keys.line_code
        and rendered.unit_code is not distinct from ordered_keys.unit_code
),

final as (
    select
        report_period,
        fiscal_year_start,
        cast(date_trunc('month', report_period) as date) as month_start,
        month_no,
        {{ printed_line_columns() }},
        cast(periodiserat_ytd_amount - coalesce(lag(periodiserat_ytd_amount) over year_so_far, 0) as decimal(18, 2))
            as periodiserat_amount,
        cast(utfall_ytd_amount - coalesce(lag(utfall_ytd_amount) over year_so_far, 0) as decimal(18, 2))
            as utfall_amount,
        cast(periodiserat_ytd_amount as decimal(18, 2)) as periodiserat_ytd_amount,
        cast(utfall_ytd_amount as decimal(18, 2)) as utfall_ytd_amount
    from grid
    window year_so_far as (partition by fiscal_year_start, line_code, unit_code order by report_period)
)

select * from final
