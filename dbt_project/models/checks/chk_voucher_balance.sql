-- One row per voucher: the sum of its booked postings, which must be 0 to the öre.
with postings as (
    select * from {{ ref('stg_sie__postings') }}
    where is_booked
),

vouchers as (
    select * from {{ ref('stg_sie__vouchers') }}
),

final as (
    select
        vouchers.source_file_name,
        vouchers.fiscal_year_start,
        vouchers.voucher_series as series,
        vouchers.voucher_number,
        vouchers.voucher_date,
        vouchers.line_no,
        count(postings.line_no) as posting_count,
        cast(coalesce(sum(postings.amount), 0) as decimal(18, 2)) as posting_total
    from vouchers
    left join postings
        on postings.source_file_sha256 = vouchers.source_file_sha256
        and postings.voucher_id = vouchers.voucher_id
    group by all
)

select * from final
