-- One row per fiscal year × account × unit: the full-year budget from the #PBUDGET records of the file
-- that exports that year (year index 0), with the account's report line.
with final as (
    select
        budget.fiscal_year_start,
        budget.account,
        budget.unit_code,
        accounts.line_code,
        accounts.is_internal,
        cast(sum(budget.amount) as decimal(18, 2)) as budget_amount
    from {{ ref('stg_sie__period_balances') }} as budget
    left join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
    where budget.record_type = 'PBUDGET' and budget.year_index = 0
    group by all
)

select * from final
