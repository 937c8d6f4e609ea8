-- One row per fiscal year × balance account with an opening balance in the SIE file (#IB of year 0), summed
-- over its objects: where the huvudbok starts an account (rpt_general_ledger) and what its identity test adds
-- the postings to. Size: ≤ fiscal years × balance accounts.
with final as (
    select balances.fiscal_year_start, balances.account, sum(balances.amount) as amount
    from {{ ref('stg_sie__balances') }} as balances
    inner join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
    where balances.record_type = 'IB' and balances.year_index = 0 and accounts.account_kind = 'balance'
    group by all
)

select * from final
