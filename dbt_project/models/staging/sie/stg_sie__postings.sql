with source as (
    select * from {{ source('sie', 'sie_postings') }}
),

final as (
    select
        source_file_name,
        source_file_sha256,
        fiscal_year_start,
        voucher_id,
        series as voucher_series,
        voucher_number,
        row_no,
        record_type,
        -- only #TRANS rows make balances; #RTRANS/#BTRANS are the audit trail of later changes
        record_type = 'TRANS' as is_booked,
        account,
        objects,
        objects['{{ var("unit_dimension") }}'] as unit_code,
        objects['{{ var("counterpart_dimension") }}'] as counterpart_code,
        objects['{{ var("project_dimension") }}'] as project_code,
        cast(amount as decimal(18, 2)) as amount,
        transaction_date,
        posting_text,
        quantity,
        signature,
        line_no
    from source
)

select * from final
