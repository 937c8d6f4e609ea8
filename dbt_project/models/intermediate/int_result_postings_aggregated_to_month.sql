-- The monthly cell table of the income statement: one row per month × account × report line × unit ×
-- internal flag × period-end-accrual flag, summed from the income-statement postings (ledger sign, SEK
-- with öre). Every income-statement column (utfall, periodiserat, the prior period, the prior year) is a
-- sum of these months over the column's span (int_result_lines_at_report_columns), so no posting is
-- copied per report period. Size: at most one row per posting; in practice months × accounts × units.
with postings as (
    select * from {{ ref('int_postings_joined_to_vouchers') }}
    where {{ is_income_statement_account('account') }}
),

final as (
    {{ aggregated_to_month('postings',
        ['account', 'line_code', 'unit_code', 'is_internal', 'is_period_end_accrual']) }}
)

select * from final
