-- One row per project of an investments forecast file: the year's investment budget and full-year
-- forecast, SEK. Empty when no forecast is loaded.
with final as (
    select
        {{ source_row_lineage() }},
        cast(forecast_date as date) as forecast_date,
        cast(fiscal_year as integer) as fiscal_year,
        cast(project as varchar) as project_code,
        cast(project_name as varchar) as project_name,
        cast(budget as decimal(18, 2)) as budget_amount,
        cast(forecast as decimal(18, 2)) as forecast_amount
    from {{ source('forecast', 'investment_forecasts') }}
)

select * from final
