{% macro income_statement_amounts() %}
{#- The income statement's five amount columns (2.1.1 and 2.1.2–2.1.11) in SEK with öre, then each
    rounded to tkr on its own, as the published report rounds every printed line separately. -#}
{%- set columns = ['periodiserat_prior', 'utfall', 'periodiserat', 'budget', 'forecast'] -%}
{%- for column in columns %}
        cast({{ column }}_amount as decimal(18, 2)) as {{ column }}_amount,
{%- endfor %}
{%- for column in columns %}
        {{ to_tkr(column ~ '_amount') }} as {{ column }}_tkr{{ "," if not loop.last }}
{%- endfor %}
{% endmacro %}


{% macro income_statement_row_is_shown() %}
{#- A line is printed when the layout always shows it or any of its amounts is not zero. -#}
    always_show
        or coalesce(periodiserat_prior_amount, 0) <> 0
        or utfall_amount <> 0
        or periodiserat_amount <> 0
        or coalesce(budget_amount, 0) <> 0
        or coalesce(forecast_amount, 0) <> 0
{%- endmacro %}
