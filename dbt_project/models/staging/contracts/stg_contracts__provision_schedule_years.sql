-- One row per contract year of the scheduled provision's agreement before the loaded books: amount at the
-- 2013 price level, index adjustment and payment, SEK, the debt positive. Empty when no agreement file is loaded.
with final as (
    select
        {{ source_row_lineage() }},
        cast(year as integer) as contract_year,
        cast(amount_2013_prices as decimal(18, 2)) as commitment_amount,
        cast(index_adjustment as decimal(18, 2)) as index_amount,
        cast(paid as decimal(18, 2)) as paid_amount
    from {{ source('contracts', 'provision_schedule_years') }}
)

select * from final
