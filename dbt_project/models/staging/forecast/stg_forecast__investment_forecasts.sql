-- One row per project of an investments forecast file: the year's investment budget and full-year
-- forecast, SEK. Empty when no forecast is loaded.
{%- set relation = adapter.get_relation(database=target.database, schema='raw', identifier='investment_forecasts') %}
{%- if relation is not none %}
with source as (
    select * from {{ source('forecast', 'investment_forecasts') }}
),
{%- else %}
with source as (
    -- raw.investment_forecasts does not exist (yet): an empty table of the same shape
    select
        cast(null as varchar) as source_file_name,
        cast(null as varchar) as source_file_sha256,
        cast(null as timestamp) as loaded_at,
        cast(null as integer) as line_no,
        cast(null as date) as forecast_date,
        cast(null as integer) as fiscal_year,
        cast(null as varchar) as project,
        cast(null as varchar) as project_name,
        cast(null as decimal(18, 2)) as budget,
        cast(null as decimal(18, 2)) as forecast
    where false
),
{%- endif %}

final as (
    select
        source_file_name,
        source_file_sha256,
        loaded_at,
        line_no,
        cast(forecast_date as date) as forecast_date,
        cast(fiscal_year as integer) as fiscal_year,
        cast(project as varchar) as project_code,
        cast(project_name as varchar) as project_name,
        cast(budget as decimal(18, 2)) as budget_amount,
        cast(forecast as decimal(18, 2)) as forecast_amount
    from source
)

select * from final
