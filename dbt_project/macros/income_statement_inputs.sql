{# The inputs the income-statement renderers share, as CTEs inside the caller's WITH list (no trailing comma):
   - amounts: int_income_statement_lines_by_unit, internal items eliminated unless with_internal (the
     per-unit statements show units gross);
   - periods: int_report_periods (unless periods=false);
   - known: int_report_column_availability, which comparison columns the books reach at each report period;
   - lines: the income statement's lines of the entity's layout (unless lines=false). #}
{% macro income_statement_inputs(with_internal=false, periods=true, lines=true) -%}
amounts as (
    select * from {{ ref('int_income_statement_lines_by_unit') }}
    {%- if not with_internal %}
    where not is_internal
    {%- endif %}
),
{%- if periods %}

periods as (
    select * from {{ ref('int_report_periods') }}
),
{%- endif %}

known as (
    select * from {{ ref('int_report_column_availability') }}
)
{%- if lines -%}
,

lines as (
    select * from {{ ref('int_entity__report_lines') }}
    where statement = 'income_statement'
)
{%- endif %}
{%- endmacro %}

{# The income statement's figure columns, in their printed order (the same period of the prior year, utfall,
   periodiserat utfall, budget, forecast): the columns argument of render_report_rows and printed_rows for
   the total and the per-unit statements. Returns a list. #}
{% macro income_statement_columns() -%}
{{ return(['periodiserat_prior', 'utfall', 'periodiserat', 'budget', 'forecast']) }}
{%- endmacro %}
