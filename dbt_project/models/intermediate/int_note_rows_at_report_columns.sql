-- One row per report period × period column × note × printed row × rule order × period-end-accrual flag:
-- the months of int_note_rows_aggregated_to_month summed over the column's span (spans are whole
-- months). Ledger sign, SEK with öre. Size: report periods × 3 columns × note rows.
with report_columns as (
    select * from {{ ref('int_report_period_columns') }}
),

months as (
    select * from {{ ref('int_note_rows_aggregated_to_month') }}
),

final as (
    {{ sum_months_over_spans('report_columns', 'months', ['report_period', 'period_column'],
        ['note_no', 'row_label', 'sort_order', 'priority', 'is_period_end_accrual']) }}
)

select * from final
