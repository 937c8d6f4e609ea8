{# Present SEK as whole tkr the way the published report does: each printed figure is rounded on its own,
   half away from zero, in exact decimal arithmetic (never through floating point). #}
{% macro to_tkr(amount) -%}
    cast(round(cast({{ amount }} as decimal(38, 2)), -3) / 1000 as bigint)
{%- endmacro %}
