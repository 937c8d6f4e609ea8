with source as (
    select * from {{ source('sie', 'sie_vouchers') }}
    -- rows of a load that has not (yet) registered its file are not part of the ledger (rakenskaper.load)
    where source_file_sha256 in (select source_file_sha256 from {{ source('sie', 'sie_files') }})
),

final as (
    select
        source_file_name,
        source_file_sha256,
        fiscal_year_start,
        voucher_id,
        series as voucher_series,
        voucher_number,
        voucher_date,
        voucher_text,
        registered_on,
        signature,
        line_no
    from source
)

select * from final
