with source as (
    select vouchers.* from {{ source('sie', 'sie_vouchers') }} as vouchers
    -- rows of a load that has not (yet) registered its file are not part of the ledger (rakenskaper.load)
    semi join {{ source('sie', 'sie_files') }} using (source_file_sha256)
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
