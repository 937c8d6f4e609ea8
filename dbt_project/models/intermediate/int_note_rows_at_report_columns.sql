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
    select
        report_columns.report_period,
        report_columns.period_column,
        months.note_no,
        months.row_label,
        months.sort_order,
        months.priority,
        months.is_period_end_accrual,
        cast(sum(months.amount) as decimal(18, 2)) as amount
    from report_columns
    inner join months
        on months.period_month between report_columns.span_start and report_columns.span_end
    group by all
)

select * from final
