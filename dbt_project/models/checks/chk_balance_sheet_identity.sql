-- One row per balance date: total assets and total equity, provisions and liabilities as the balance
-- sheet adds them up from its lines. They must be equal to the öre.
with ancestry as (
    select line_code, ancestor_code from {{ ref('int_report_line_ancestry') }}
    where statement = 'balance_sheet'
),

totals as (
    select
        balances.balance_date as month_end,
        sum(case when ancestry.ancestor_code = '{{ var("assets_total_line") }}' then balances.amount else 0 end)
            as total_assets,
        sum(case when ancestry.ancestor_code = '{{ var("claims_total_line") }}' then balances.amount else 0 end)
            as total_equity_and_liabilities
    from {{ ref('int_balance_sheet_lines_at_date') }} as balances
    inner join ancestry using (line_code)
    group by all
),

final as (
    select
        month_end,
        cast(total_assets as decimal(18, 2)) as total_assets,
        cast(total_equity_and_liabilities as decimal(18, 2)) as total_equity_and_liabilities,
        cast(total_assets - total_equity_and_liabilities as decimal(18, 2)) as difference
    from totals
)

select * from final
