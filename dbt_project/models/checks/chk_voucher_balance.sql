-- Whether every voucher balances (its booked postings sum to 0 to the öre), one row per source file × voucher
-- series × month: how many vouchers there are, how many do not balance, and one voucher as the example — the
-- unbalanced voucher with the largest difference, or the month's first voucher when all balance (its total
-- is then 0). The quality gate validates posting_total = 0 on every row, so any unbalanced voucher fails it;
-- a row per voucher would hand Great Expectations a million rows a night for a city. Size: files × series ×
-- months.
with voucher_totals as (
    select
        vouchers.source_file_name,
        vouchers.fiscal_year_start,
        vouchers.voucher_series as series,
        cast(date_trunc('month', vouchers.voucher_date) as date) as period_month,
        vouchers.voucher_number,
        vouchers.voucher_date,
        vouchers.line_no,
        coalesce(sum(postings.amount), 0) as posting_total
    from {{ ref('stg_sie__vouchers') }} as vouchers
    left join {{ booked_postings() }} as postings
        on postings.source_file_sha256 = vouchers.source_file_sha256
        and postings.voucher_id = vouchers.voucher_id
    group by all
),

final as (
    select
        source_file_name,
        fiscal_year_start,
        series,
        period_month,
        count(*) as voucher_count,
        count(*) filter (where posting_total <> 0) as unbalanced_voucher_count,
        -- the example: the largest difference first, then the earliest line
        arg_min(voucher_number, (abs(posting_total) * -1, line_no)) as voucher_number,
        arg_min(voucher_date, (abs(posting_total) * -1, line_no)) as voucher_date,
        arg_min(line_no, (abs(posting_total) * -1, line_no)) as line_no,
        cast(arg_min(posting_total, (abs(posting_total) * -1, line_no)) as decimal(18, 2)) as posting_total
    from voucher_totals
    group by all
)

select * from final
