-- One row per forecast line: the full-year forecast of one unit's income-statement line, made at a
-- month-end, report sign (revenue positive, costs negative), gross. Empty when no forecast is loaded.
{%- set relation = adapter.get_relation(database=target.database, schema='raw', identifier='forecast_lines') %}
{%- if relation is not none %}
with source as (
    select * from {{ source('forecast', 'forecast_lines') }}
),
{%- else %}
with source as (
    -- raw.forecast_lines does not exist (yet): an empty table of the same shape
    select
        cast(null as varchar) as source_file_name,
        cast(null as varchar) as source_file_sha256,
        cast(null as timestamp) as loaded_at,
        cast(null as integer) as line_no,
        cast(null as date) as forecast_date,
        cast(null as integer) as fiscal_year,
        cast(null as varchar) as unit,
        cast(null as varchar) as line_code,
        cast(null as decimal(18, 2)) as amount
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
        cast(unit as varchar) as unit_code,
        cast(line_code as varchar) as line_code,
        cast(amount as decimal(18, 2)) as amount
    from source
)

select * from final
