{# applicable_forecast_rows(forecasts): the rows of the forecast that applies at each report period — the
   latest of the period's fiscal year made at or before the report period — with that report_period in front.
   forecasts is a staging model of forecast files (forecast_date, fiscal_year); a period before any forecast of
   its year has no rows. The forecast lines and the investments forecast follow the same rule. #}
{% macro applicable_forecast_rows(forecasts) -%}
    select applicable.report_period, forecasts.*
    from (
        select
            periods.report_period,
            year(periods.fiscal_year_start) as fiscal_year,
            max(forecasts.forecast_date) as forecast_date
        from {{ ref('int_report_periods') }} as periods
        inner join {{ forecasts }} as forecasts
            on forecasts.fiscal_year = year(periods.fiscal_year_start)
            and forecasts.forecast_date <= periods.report_period
        group by all
    ) as applicable
    inner join {{ forecasts }} as forecasts using (fiscal_year, forecast_date)
{%- endmacro %}
