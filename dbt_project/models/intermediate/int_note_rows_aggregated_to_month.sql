-- The monthly cell table of the income-statement notes: one row per month × note × printed row (label,
-- the order and priority of the rule that matched) × period-end-accrual flag, summed from
-- int_postings_matched_to_note_rows. Ledger sign, SEK with öre. Size: at most the matched postings; in
-- practice months × note rows.
with final as (
    {{ aggregated_to_month(ref('int_postings_matched_to_note_rows'),
        ['note_no', 'row_label', 'sort_order', 'priority', 'is_period_end_accrual']) }}
)

select * from final
