{# The columns that name a printed row of the total income statement and the marts read from it
   (rpt_income_statement_by_month, rpt_income_statement_monthly, rpt_operating_statement), in their contract
   order: row_order, line_code, unit_code, label, level, note_no. Emitted as a comma-separated list without a
   trailing comma, for a select list or a group by. #}
{% macro printed_line_columns() -%}
    row_order, line_code, unit_code, label, level, note_no
{%- endmacro %}
