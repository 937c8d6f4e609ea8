-- The monthly cell table of the income-statement notes: one row per month × note × printed row (label,
-- the order and priority of the rule that matched) × period-end-accrual flag, summed from
-- int_postings_matched_to_note_rows. Ledger sign, SEK with öre. Size: at most the matched postings; in
-- practice months × note rows.
with final as (
    select
        period_month,
        note_no,
        row_label,
        sort_order,
        priority,
        is_period_end_accrual,
        cast(sum(amount) as decimal(18, 2)) as amount,
        count(*) as posting_count
    from {{ ref('int_postings_matched_to_note_rows') }}
    group by all
)

select * from final
