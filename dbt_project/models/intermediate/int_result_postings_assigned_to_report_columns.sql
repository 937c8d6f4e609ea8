-- One row per report period × period column × income-statement posting that falls in the column's span:
-- the postings every income-statement cell (per unit, total, notes, summary) is summed from, so that a
-- drill-down from a cell lists exactly the postings behind it. Ledger sign (debit positive), SEK with öre.
with report_columns as (
    select * from {{ ref('int_report_period_columns') }}
),

postings as (
    select * from {{ ref('int_postings_joined_to_vouchers') }}
    where statement = 'income_statement'
),

final as (
    select
        report_columns.report_period,
        report_columns.period_column,
        postings.posting_key,
        postings.fiscal_year_start,
        postings.voucher_series,
        postings.voucher_number,
        postings.voucher_date,
        postings.account,
        postings.line_code,
        postings.is_internal,
        postings.unit_code,
        postings.counterpart_code,
        postings.counterpart_name,
        postings.project_code,
        postings.is_period_end_accrual,
        postings.voucher_text,
        postings.amount,
        postings.source_file_name,
        postings.line_no
    from report_columns
    inner join postings
        on postings.voucher_date between report_columns.span_start and report_columns.span_end
)

select * from final
