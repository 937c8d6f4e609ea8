with source as (
    select postings.* from {{ source('sie', 'sie_postings') }} as postings
    -- rows of a load that has not (yet) registered its file are not part of the ledger (rakenskaper.load)
    semi join {{ source('sie', 'sie_files') }} using (source_file_sha256)
),

final as (
    select
        source_file_name,
        source_file_sha256,
        fiscal_year_start,
        -- the voucher (series, number, date, text) is in stg_sie__vouchers: same file, same voucher_id
        voucher_id,
        row_no,
        record_type,
        -- only #TRANS rows make balances; #RTRANS/#BTRANS are the audit trail of later changes
        record_type = 'TRANS' as is_booked,
        account,
        objects,
        objects[{{ entity_dimension('unit') }}] as unit_code,
        objects[{{ entity_dimension('counterpart') }}] as counterpart_code,
        objects[{{ entity_dimension('project') }}] as project_code,
        cast(amount as decimal(18, 2)) as amount,
        transaction_date,
        posting_text,
        quantity,
        signature,
        line_no
    from source
)

select * from final
