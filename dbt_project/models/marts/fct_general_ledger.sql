-- One row per booked posting (#TRANS), with its voucher and report line: the ledger every report figure
-- is summed from, and where an auditor traces a figure back to its voucher (source file and line).
-- A view of int_postings_joined_to_vouchers, the one table at posting grain (written once a night; the
-- monthly cell tables and the note matching read that table too), with the names of account, unit,
-- counterpart and project looked up here (that table holds the codes). Size: the postings.
{{ config(materialized='view') }}

with final as (
    select
        {{ posting_key('postings') }} as posting_key,
        -- in the order of the contract: voucher, account and report line, objects, amount, texts, source
        postings.fiscal_year_start, postings.voucher_series, postings.voucher_number, postings.voucher_date,
        postings.period_month, postings.transaction_date, postings.row_no,
        postings.account, accounts.account_name, accounts.account_class, accounts.account_kind,
        postings.line_code, accounts.statement, postings.is_internal,
        postings.unit_code, unit_objects.unit_name,
        postings.counterpart_code, counterpart_objects.counterpart_name,
        postings.project_code, project_objects.project_name,
        postings.amount, postings.is_period_end_accrual, postings.posting_text, postings.voucher_text,
        postings.quantity, postings.source_file_name, postings.source_file_sha256, postings.line_no,
        postings.voucher_line_no
    from {{ ref('int_postings_joined_to_vouchers') }} as postings
    left join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts on accounts.account = postings.account
    {{ join_dimension_object_names('postings', ['unit', 'counterpart', 'project']) }}
)

select * from final
