-- One row per report period × period column × note × printed row × rule order × period-end-accrual flag:
-- the months of int_note_rows_aggregated_to_month summed over the column's span (spans are whole
-- months). Ledger sign, SEK with öre. Size: report periods × 3 columns × note rows.
with final as (
    {{ sum_months_over_spans(ref('int_report_period_columns'), ref('int_note_rows_aggregated_to_month'),
        ['report_period', 'period_column'],
        ['note_no', 'row_label', 'sort_order', 'priority', 'is_period_end_accrual']) }}
)

select * from final
