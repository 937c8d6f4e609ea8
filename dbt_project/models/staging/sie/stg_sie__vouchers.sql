with source as (
    -- only the rows of a registered file are part of the ledger
    {{ registered_sie_rows('vouchers') }}
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
