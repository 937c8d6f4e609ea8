{# True when the account column starts with any of the given prefixes (a list from a var); false for an
   empty list. #}
{% macro account_prefix_match(column, prefixes) -%}
    (false {%- for prefix in prefixes %} or starts_with({{ column }}, '{{ prefix }}'){% endfor %})
{%- endmacro %}
