-- One row per report period × period column × unit × income-statement leaf line × internal flag ×
-- period-end-accrual flag: the months of int_result_postings_aggregated_to_month summed over the column's
-- span (int_report_period_columns; spans are whole months). Ledger sign, SEK with öre. Size: report
-- periods × 3 columns × units × lines × 4 — independent of the number of postings.
with final as (
    {{ sum_months_over_spans(ref('int_report_period_columns'), ref('int_result_postings_aggregated_to_month'),
        ['report_period', 'period_column'],
        ['unit_code', 'line_code', 'is_internal', 'is_period_end_accrual']) }}
)

select * from final
