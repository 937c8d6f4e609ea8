-- One row per reconciliation control point × account range on the ledger side: personnel costs are
-- Kommun-Bas class 5 (kostnader för arbetskraft) for every entity; the internal-bank claim and its interest
-- are the [accounts] claim_on_internal_bank and internal_bank_interest of entity.toml (no such key: that
-- control point has no ledger accounts and no rows).
with final as (
    select 'payroll_personnel_costs' as control_point, '5' as account_from, '5' as account_to
    union all
    select
        case account_role
            when 'claim_on_internal_bank' then 'internal_bank_claim'
            else 'internal_bank_financial_income'
        end as control_point,
        account_from,
        account_to
    from {{ ref('int_entity__account_roles') }}
    where account_role in ('claim_on_internal_bank', 'internal_bank_interest')
)

select * from final
