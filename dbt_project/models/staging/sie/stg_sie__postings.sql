with final as (
    select
        {{ sie_file_lineage() }},
        -- the voucher (series, number, date, text) is in stg_sie__vouchers: same file, same voucher_id
        voucher_id,
        row_no,
        record_type,
        -- only #TRANS rows make balances; #RTRANS/#BTRANS are the audit trail of later changes
        record_type = 'TRANS' as is_booked,
        account,
        objects,
        {{ sie_object_codes('objects') }},
        cast(amount as decimal(18, 2)) as amount,
        transaction_date,
        posting_text,
        quantity,
        signature,
        line_no
    -- only the rows of a registered file are part of the ledger
    from {{ registered_sie_rows('postings') }}
)

select * from final
