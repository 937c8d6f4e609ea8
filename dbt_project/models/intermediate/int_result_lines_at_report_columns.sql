-- One row per report period × period column × unit × income-statement leaf line × internal flag ×
-- period-end-accrual flag: the months of int_result_postings_aggregated_to_month summed over the column's
-- span (int_report_period_columns; spans are whole months). Ledger sign, SEK with öre. Size: report
-- periods × 3 columns × units × lines × 4 — independent of the number of postings.
with report_columns as (
    select * from {{ ref('int_report_period_columns') }}
),

months as (
    select * from {{ ref('int_result_postings_aggregated_to_month') }}
),

final as (
    select
        report_columns.report_period,
        report_columns.period_column,
        months.unit_code,
        months.line_code,
        months.is_internal,
        months.is_period_end_accrual,
        cast(sum(months.amount) as decimal(18, 2)) as amount
    from report_columns
    inner join months
        on months.period_month between report_columns.span_start and report_columns.span_end
    group by all
)

select * from final
