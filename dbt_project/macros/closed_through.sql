{# closed_through_month_end(): the dbt var closed_through ("YYYY-MM", the run's choice: `rakenskaper run
   --closed-through`, Settings.closed_through, a DAG param) as the SQL date of that month's last day, or a
   NULL date when the var is absent or empty. Anything else stops the build at compile time with the value
   named: the pipeline validates the var before any work (rakenskaper.pipeline.parse_closed_through), but a
   caller that passes --vars itself (Cosmos, a hand-run dbt) reaches dbt unchecked. #}
{% macro closed_through_month_end() -%}
    {%- set value = var('closed_through', none) -%}
    {%- set text = '' if value is none else (value | string | trim) -%}
    {%- if text == '' -%}
        cast(null as date)
    {%- elif modules.re.match('^[0-9]{4}-(0[1-9]|1[0-2])$', text) and text[:4] | int >= 1900 -%}
        last_day(date '{{ text }}-01')
    {%- else -%}
        {{ exceptions.raise_compiler_error("var closed_through must be a month as YYYY-MM (e.g. 2023-08), not '"
                                           ~ text ~ "'") }}
    {%- endif -%}
{%- endmacro %}
