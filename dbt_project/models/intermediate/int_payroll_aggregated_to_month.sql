-- One row per month × unit × account: the payroll amounts the reconciliation compares with the ledger. Per
-- account, not per pay item, and without a headcount: this table is published, and a pay item of one unit in
-- one month is often one person's pay (fct_payroll shows pay items only in groups large enough). The
-- pseudonymous employee_key goes no further than staging. Size: months × units × accounts.
with final as (
    select
        month_end,
        pay_period,
        unit_code,
        account,
        cast(sum(amount) as decimal(18, 2)) as amount,
        cast(sum(quantity) as decimal(18, 4)) as quantity,
        count(*) as line_count
    from {{ ref('stg_payroll__payroll_lines') }}
    group by month_end, pay_period, unit_code, account
)

select * from final
