-- One row per contract year of the E20 agreement before the loaded books: amount at the 2013 price level,
-- index adjustment and payment, SEK, the debt positive. Empty when no agreement file is loaded.
{%- set relation = adapter.get_relation(database=target.database, schema='raw', identifier='e20_agreement_years') %}
{%- if relation is not none %}
with source as (
    select * from {{ source('contracts', 'e20_agreement_years') }}
),
{%- else %}
with source as (
    -- raw.e20_agreement_years does not exist (yet): an empty table of the same shape
    select
        cast(null as varchar) as source_file_name,
        cast(null as varchar) as source_file_sha256,
        cast(null as timestamp) as loaded_at,
        cast(null as integer) as line_no,
        cast(null as integer) as year,
        cast(null as decimal(18, 2)) as amount_2013_prices,
        cast(null as decimal(18, 2)) as index_adjustment,
        cast(null as decimal(18, 2)) as paid
    where false
),
{%- endif %}

final as (
    select
        source_file_name,
        source_file_sha256,
        loaded_at,
        line_no,
        cast(year as integer) as contract_year,
        cast(amount_2013_prices as decimal(18, 2)) as commitment_amount,
        cast(index_adjustment as decimal(18, 2)) as index_amount,
        cast(paid as decimal(18, 2)) as paid_amount
    from source
)

select * from final
