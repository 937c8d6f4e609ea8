with final as (
    select
        {{ sie_file_lineage() }},
        voucher_id,
        series as voucher_series,
        voucher_number,
        voucher_date,
        voucher_text,
        registered_on,
        signature,
        line_no
    -- only the rows of a registered file are part of the ledger
    from {{ registered_sie_rows('vouchers') }}
)

select * from final
