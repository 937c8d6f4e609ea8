{# The one path from cells to printed rows, shared by the statements, the per-unit statements and the notes.

   render_report_rows(leaf_rows, total_rows, members, partition_by, columns, number_within, order_by, report)
   emits CTEs (it is placed inside a WITH list, after the caller's own CTEs, and ends with a CTE named
   `rendered`):
   - leaf_rows: one row per partition × printed leaf row, with the columns of partition_by, line_code,
     row_key (what tells several printed rows of one layout line apart: the unit of a line split by unit, a
     note row's label; '' otherwise), label, level, note_no, sort_order, sub_order, always_show, any other
     column the caller carries to the output (the same in total_rows), and <column>_amount for each column
     in report sign. NULL in an amount means the column is unknown for the partition (the comparison year is
     not loaded, there is no budget): never zero.
   - total_rows: one row per partition × total line (subtotal, group, total, Summa), the same columns
     without the amounts; always_show NULL means "printed when any row it sums is printed" (a note's Summa).
   - members: (line_code, member_line_code): the leaf lines each total sums. With report (a report of
     int_report_line_members: the running total of the lines above a subtotal, the lines below a group in
     the parent_code tree) the renderer reads that report's members itself and members is not given.
   Rules, the same for every report:
   - a total is the sum of its members' leaf rows, unknown when any of them is unknown (a balance
     requirement without a forecast has no forecast result, though the gains to deduct are known); a total
     with no member rows is zero in a column known for the partition, unknown otherwise;
   - a row is printed when the layout always shows it or any of its figures is not zero; level 'hidden' is
     never printed, though it counts in its totals ("Eget kapital" sums its hidden remainder);
   - row_order numbers the printed rows within number_within (default: each partition), ordered by order_by
     (default: the layout's sort_order).
   The caller casts and rounds the printed figures with report_amounts(): every figure to tkr on its own. #}
{% macro render_report_rows(
    leaf_rows, total_rows, members=none, partition_by=none, columns=none, number_within=none, order_by='sort_order',
    report=none
) -%}
{%- set keys = partition_by | join(', ') -%}
{%- set number_within = number_within or partition_by -%}
{%- if report is not none %}
render_members as (
    select line_code, member_line_code from {{ ref('int_report_line_members') }}
    where report = '{{ report }}'
),
{% set members = 'render_members' -%}
{%- endif %}
render_availability as (
    -- a column is known for a partition when any of its leaf rows has a figure in it
    select
        {{ keys }},
        {%- for column in columns %}
        bool_or({{ column }}_amount is not null) as has_{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ leaf_rows }}
    group by all
),

render_leaf_rows as (
    select
        leaf.*,
        leaf.level <> 'hidden' and (leaf.always_show {%- for column in columns %}
            or coalesce(leaf.{{ column }}_amount, 0) <> 0 {%- endfor %}) as is_printed
    from {{ leaf_rows }} as leaf
),

render_total_rows as (
    select
        total.*,
        {%- for column in columns %}
        case
            when count(leaf.line_code) = 0 then case when any_value(availability.has_{{ column }}) then 0 end
            when bool_and(leaf.{{ column }}_amount is not null or leaf.line_code is null)
                then sum(leaf.{{ column }}_amount)
        end as {{ column }}_amount,
        {%- endfor %}
        coalesce(bool_or(leaf.is_printed), false) as any_member_printed
    from {{ total_rows }} as total
    inner join {{ members }} as members on members.line_code = total.line_code
    left join render_leaf_rows as leaf
        on {% for key in partition_by %}leaf.{{ key }} is not distinct from total.{{ key }} and {% endfor -%}
        leaf.line_code = members.member_line_code
    left join render_availability as availability
        on {% for key in partition_by %}availability.{{ key }} is not distinct from total.{{ key }}{{ " and " if not loop.last }}{% endfor %}
    group by all
),

render_all_rows as (
    select * from render_leaf_rows
    union all by name
    select
        * exclude (always_show, any_member_printed),
        coalesce(always_show, any_member_printed) as always_show,
        coalesce(always_show, any_member_printed) {%- for column in columns %}
            or coalesce({{ column }}_amount, 0) <> 0 {%- endfor %} as is_printed
    from render_total_rows
),

rendered as (
    select
        * exclude (is_printed),
        cast(row_number() over (partition by {{ number_within | join(', ') }} order by {{ order_by }}) as integer)
            as row_order
    from render_all_rows
    where is_printed
)
{%- endmacro %}


{# report_amounts(columns): each column's figure in SEK with öre (<column>_amount), then each rounded to
   whole tkr on its own (<column>_tkr), as the published report rounds every printed figure separately.
   amount_first: the SEK figure is published as amount_<column> (the balance sheet's contract names). #}
{% macro report_amounts(columns, relation=none, amount_first=false) -%}
{%- set prefix = relation ~ '.' if relation else '' -%}
{%- for column in columns %}
        cast({{ prefix }}{{ column }}_amount as decimal(18, 2)) as
        {{- ' amount_' ~ column if amount_first else ' ' ~ column ~ '_amount' }},
{%- endfor %}
{%- for column in columns %}
        {{ to_tkr(prefix ~ column ~ '_amount') }} as {{ column }}_tkr{{ "," if not loop.last }}
{%- endfor %}
{%- endmacro %}


{# printed_rows(relation, columns): a rendered model's rows as a report mart publishes them: every column as
   rendered, each figure cast to SEK with öre (<column>_amount) and rounded to tkr on its own (<column>_tkr).
   The mart's enforced contract fixes its columns' names, types and order. #}
{% macro printed_rows(relation, columns) -%}
    select
        * exclude ({% for column in columns %}{{ column }}_amount{{ ", " if not loop.last }}{% endfor %}),
        {{ report_amounts(columns) }}
    from {{ relation }}
{%- endmacro %}
