{# sum_months_over_spans(spans, months, span_keys, month_keys, amount='amount'): every report column as a sum
   of monthly cells over the column's span. spans has span_start/span_end (whole months, first and last day;
   int_report_period_columns), months has period_month (the first day of a month) and the amount. One row per
   span key × month key, SEK with öre; no posting or month is copied per report period beyond the months a
   span holds, so the size is spans × cells, independent of the postings. #}
{% macro sum_months_over_spans(spans, months, span_keys, month_keys, amount='amount') -%}
    select
        {%- for key in span_keys %}
        spans.{{ key }},
        {%- endfor %}
        {%- for key in month_keys %}
        months.{{ key }},
        {%- endfor %}
        cast(sum(months.{{ amount }}) as decimal(18, 2)) as {{ amount }}
    from {{ spans }} as spans
    inner join {{ months }} as months
        on months.period_month between spans.span_start and spans.span_end
    group by all
{%- endmacro %}

{# aggregated_to_month(postings, keys): the select of a monthly cell table (int_*_aggregated_to_month): the
   postings summed per month (period_month) × keys, SEK with öre, with how many postings each cell holds. The
   report columns are sums of these cells over their spans (sum_months_over_spans). #}
{% macro aggregated_to_month(postings, keys) -%}
    select
        period_month,
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        cast(sum(amount) as decimal(18, 2)) as amount,
        count(*) as posting_count
    from {{ postings }}
    group by all
{%- endmacro %}
