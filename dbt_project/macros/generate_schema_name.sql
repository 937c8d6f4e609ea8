{# The folder's schema is the schema (staging, intermediate, marts, checks), not "<target>_<schema>":
   analysts query marts.rpt_income_statement, not main_marts.rpt_income_statement. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
