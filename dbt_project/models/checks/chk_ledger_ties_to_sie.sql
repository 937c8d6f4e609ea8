-- One row per loaded file × account × closing kind: the closing figure the SIE file states (#UB for
-- balance accounts, #RES for result accounts) against the one the warehouse computes from #IB and the
-- booked postings of that year. They must be equal to the öre.
with balances as (
    select * from {{ ref('stg_sie__balances') }}
    where year_index = 0 and record_type in ('IB', 'UB', 'RES')
),

postings as (
    select fiscal_year_start, account, sum(amount) as posted_amount
    from {{ ref('fct_general_ledger') }}
    group by all
),

stated as (
    select
        balances.fiscal_year_start,
        balances.account,
        sum(case when balances.record_type = 'IB' then balances.amount else 0 end) as opening_amount,
        sum(case when balances.record_type = 'UB' then balances.amount else 0 end) as closing_amount,
        sum(case when balances.record_type = 'RES' then balances.amount else 0 end) as result_amount,
        bool_or(balances.record_type in ('UB', 'RES')) as has_closing_record
    from balances
    group by all
),

years_with_closing_records as (
    -- a file that states no closing balances at all (vouchers only) has nothing to tie to
    select fiscal_year_start from stated
    group by all
    having bool_or(has_closing_record)
),

keys as (
    select fiscal_year_start, account from stated
    union
    select fiscal_year_start, account from postings
),

final as (
    select
        files.source_file_name,
        keys.fiscal_year_start,
        keys.account,
        case when accounts.account_kind = 'balance' then 'UB' else 'RES' end as balance_kind,
        cast(case when accounts.account_kind = 'balance' then coalesce(stated.closing_amount, 0)
            else coalesce(stated.result_amount, 0)
        end as decimal(18, 2)) as expected_amount,
        cast(
            case when accounts.account_kind = 'balance' then coalesce(stated.opening_amount, 0) else 0 end
            + coalesce(postings.posted_amount, 0) as decimal(18, 2)
        ) as computed_amount,
        cast(expected_amount - computed_amount as decimal(18, 2)) as difference
    from keys
    inner join years_with_closing_records using (fiscal_year_start)
    inner join {{ ref('stg_sie__files') }} as files using (fiscal_year_start)
    left join stated using (fiscal_year_start, account)
    left join postings using (fiscal_year_start, account)
    left join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts using (account)
)

select * from final
