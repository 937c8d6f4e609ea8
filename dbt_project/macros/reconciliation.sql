{# covered_months(subledger_months): the select of a reconciliation's `covered_months` CTE: every report period
   (as month_end, with its fiscal_year_start) from the first to the last month-end the subledger delivered
   (subledger_months: a relation with a month_end column). A month outside them is not compared: the subledger
   says nothing there. #}
{% macro covered_months(subledger_months) -%}
    select report_period as month_end, fiscal_year_start
    from {{ ref('int_report_periods') }}
    where report_period between (select min(month_end) from {{ subledger_months }})
        and (select max(month_end) from {{ subledger_months }})
{%- endmacro %}
