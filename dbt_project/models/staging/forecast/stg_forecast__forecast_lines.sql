-- One row per forecast line: the full-year forecast of one unit's income-statement line, made at a
-- month-end, report sign (revenue positive, costs negative), gross. Empty when no forecast is loaded.
with final as (
    select
        {{ source_row_lineage() }},
        cast(forecast_date as date) as forecast_date,
        cast(fiscal_year as integer) as fiscal_year,
        cast(unit as varchar) as unit_code,
        cast(line_code as varchar) as line_code,
        cast(amount as decimal(18, 2)) as amount
    from {{ source('forecast', 'forecast_lines') }}
)

select * from final
