{# The organisational units the ledger declares (SIE #OBJEKT of the dimension whose role is 'unit'), as
   (unit_code, unit_name): the select of a caller's `units` CTE. #}
{% macro unit_objects() -%}
    select object_code as unit_code, object_name as unit_name
    from {{ ref('dim_objects') }}
    where dimension_role = 'unit'
{%- endmacro %}
