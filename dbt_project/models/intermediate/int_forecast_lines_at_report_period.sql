-- One row per report period × unit × income-statement line: the full-year forecast that applies at the
-- report period — the latest forecast of the period's fiscal year made at or before the report period.
-- Report sign, gross, SEK with öre. No rows for a period without a forecast.
with forecast_lines as (
    {{ applicable_forecast_rows(ref('stg_forecast__forecast_lines')) }}
),

final as (
    select
        report_period,
        forecast_date,
        unit_code,
        line_code,
        cast(sum(amount) as decimal(18, 2)) as forecast_amount
    from forecast_lines
    group by all
)

select * from final
