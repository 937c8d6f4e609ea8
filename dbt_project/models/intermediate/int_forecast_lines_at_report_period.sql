-- One row per report period × unit × income-statement line: the full-year forecast that applies at the
-- report period — the latest forecast of the period's fiscal year made at or before the report period.
-- Report sign, gross, SEK with öre. No rows for a period without a forecast.
with applicable as (
    select
        periods.report_period,
        max(forecast_lines.forecast_date) as forecast_date
    from {{ ref('int_report_periods') }} as periods
    inner join {{ ref('stg_forecast__forecast_lines') }} as forecast_lines
        on forecast_lines.fiscal_year = year(periods.fiscal_year_start)
        and forecast_lines.forecast_date <= periods.report_period
    group by periods.report_period
),

final as (
    select
        applicable.report_period,
        applicable.forecast_date,
        forecast_lines.unit_code,
        forecast_lines.line_code,
        cast(sum(forecast_lines.amount) as decimal(18, 2)) as forecast_amount
    from applicable
    inner join {{ ref('int_report_periods') }} as periods using (report_period)
    inner join {{ ref('stg_forecast__forecast_lines') }} as forecast_lines
        on forecast_lines.forecast_date = applicable.forecast_date
        and forecast_lines.fiscal_year = year(periods.fiscal_year_start)
    group by all
)

select * from final
