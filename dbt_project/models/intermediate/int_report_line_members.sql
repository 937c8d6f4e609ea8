-- One row per report × total line × leaf line it sums: what each subtotal, group and total of a layout adds
-- up, as data for the one renderer (macro render_report_rows). A 'subtotal' is the running total of every
-- 'line' above it (income statements, the summary, the balance requirement; seeds report_lines and
-- report_layouts); a 'group' or 'total' sums every leaf below it in the parent_code tree (the balance
-- sheet), its hidden and "Därav" (of-which) lines included. Size: a few hundred rows (lines² per report).
with lines as (
    select statement as report, line_code, level, sort_order from {{ ref('int_entity__report_lines') }}
    union all
    select report, line_code, level, sort_order from {{ ref('int_entity__report_layouts') }}
),

ancestry as (
    select statement as report, line_code, ancestor_code from {{ ref('int_report_line_ancestry') }}
),

running_totals as (
    select subtotal.report, subtotal.line_code, leaf.line_code as member_line_code
    from lines as subtotal
    inner join lines as leaf
        on leaf.report = subtotal.report
        and leaf.sort_order < subtotal.sort_order
        and leaf.level = 'line'
    where subtotal.level = 'subtotal'
),

tree_totals as (
    select ancestry.report, ancestry.ancestor_code as line_code, ancestry.line_code as member_line_code
    from ancestry
    inner join lines as total on total.report = ancestry.report and total.line_code = ancestry.ancestor_code
    inner join lines as leaf on leaf.report = ancestry.report and leaf.line_code = ancestry.line_code
    where total.level in ('group', 'total')
        and leaf.level in ('line', 'hidden', 'of-which')
),

final as (
    select * from running_totals
    union
    select * from tree_totals
)

select * from final
