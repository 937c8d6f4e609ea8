{# A leaf row's figures from its cells, as select items (8-space indent, no trailing comma): each column's
   <column>_amount from relation, zero when the cell is missing, and NULL (unknown, not zero) at a report
   period the books do not reach for that column. columns: [column, flag] pairs, in the output order; flag is
   the column's availability in the caller's `known` CTE (int_report_column_availability: has_budget,
   has_forecast, has_same_period_prior_year, has_prior_year), none for a column always known. #}
{% macro known_amounts(relation, columns) -%}
{%- for column, flag in columns -%}
{%- if flag -%}
case when known.{{ flag }} then coalesce({{ relation }}.{{ column }}_amount, 0) end
            as {{ column }}_amount
{%- else -%}
coalesce({{ relation }}.{{ column }}_amount, 0) as {{ column }}_amount
{%- endif -%}
{{ ",\n        " if not loop.last }}
{%- endfor -%}
{%- endmacro %}

{# The income statement's leaf figures (int_income_statement_rows_rendered, the per-unit statements): the
   same period of the prior year (when loaded), utfall, periodiserat utfall, budget and forecast (when
   given). #}
{% macro income_statement_known_amounts(relation) -%}
{{ known_amounts(relation, [
    ['periodiserat_prior', 'has_same_period_prior_year'], ['utfall', none], ['periodiserat', none],
    ['budget', 'has_budget'], ['forecast', 'has_forecast']]) }}
{%- endmacro %}

{# The <column>_amount columns of relation, as select items (8-space indent, no trailing comma). #}
{% macro amount_columns(relation, columns) -%}
{%- for column in columns -%}
{{ relation }}.{{ column }}_amount{{ ",\n        " if not loop.last }}
{%- endfor -%}
{%- endmacro %}

{# Each <column>_amount summed (over the caller's group by) under its own name, as select items (8-space indent,
   no trailing comma); from relation when given. #}
{% macro summed_amounts(columns, relation=none) -%}
{%- set prefix = relation ~ '.' if relation else '' -%}
{%- for column in columns -%}
sum({{ prefix }}{{ column }}_amount) as {{ column }}_amount{{ ",\n        " if not loop.last }}
{%- endfor -%}
{%- endmacro %}
