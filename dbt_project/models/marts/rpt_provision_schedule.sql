-- A scheduled provision (e.g. a co-financing contribution to state infrastructure paid over many years)
-- year by year up to the report period — new commitments (the contract's amounts at
-- the 2013 price level), the index adjustment and the payments — and the remaining debt, which equals the
-- provision in the balance sheet. The years before the first loaded fiscal year come from the agreement's
-- own source (stg_contracts__provision_schedule_years) when it is loaded, else they are one opening row (the
-- #IB). Either way the remaining debt is the #IB plus the loaded years: the agreement years explain the
-- #IB to the tkr (the printed schedule's rounding), the ledger to the öre. The provision and index
-- accounts are [accounts] provision_schedule / provision_schedule_index of the entity profile. Report sign
-- (the debt positive). SEK with öre in *_amount, whole tkr in *_tkr.
with layout as (
    select * from {{ ref('int_entity__report_layouts') }}
    where report = 'provision_schedule'
),

index_postings as (
    select * from {{ ref('fct_general_ledger') }}
    where {{ account_has_role('account', 'provision_schedule_index') }}
),

index_vouchers as (
    -- a voucher that books the index adjustment (its provision posting is index, not a commitment or payment)
    select distinct source_file_name, voucher_series, voucher_number from index_postings
),

schedule_postings as (
    -- each posting that moves the schedule, by what it is: on a provision account a commitment (a credit) or a
    -- payment (a debit), unless its voucher books the index adjustment; on an index account the index. The
    -- provision and index accounts' postings only: the rest of the ledger is never grouped or joined here
    select
        provision.fiscal_year_start,
        provision.voucher_date,
        case when provision.amount < 0 then -provision.amount end as commitment_amount,
        cast(null as decimal(18, 2)) as index_amount,
        case when provision.amount > 0 then provision.amount end as paid_amount
    from {{ ref('fct_general_ledger') }} as provision
    anti join index_vouchers using (source_file_name, voucher_series, voucher_number)
    where {{ account_has_role('provision.account', 'provision_schedule') }}
    union all
    select fiscal_year_start, voucher_date, null as commitment_amount, amount as index_amount, null as paid_amount
    from index_postings
),

first_year as (
    select min(fiscal_year_start) as fiscal_year_start from {{ ref('int_fiscal_years') }}
),

agreement as (
    -- the contract years before the loaded books (empty when the entity has no agreement file)
    select agreement_years.*
    from {{ ref('stg_contracts__provision_schedule_years') }} as agreement_years
    cross join first_year
    where agreement_years.contract_year < year(first_year.fiscal_year_start)
),

opening as (
    -- the provision when the books begin: the years before, in one row
    select -sum(balances.amount) as remaining_amount
    from {{ ref('stg_sie__balances') }} as balances
    inner join first_year using (fiscal_year_start)
    where balances.record_type = 'IB' and balances.year_index = 0
        and {{ account_has_role('balances.account', 'provision_schedule') }}
),

year_rows as (
    select
        periods.report_period,
        fiscal_years.fiscal_year_start,
        {{ summed_amounts(['commitment', 'index', 'paid'], 'schedule_postings') }}
    from {{ ref('int_report_periods') }} as periods
    inner join {{ ref('int_fiscal_years') }} as fiscal_years
        on fiscal_years.fiscal_year_start <= periods.fiscal_year_start
    left join schedule_postings
        on schedule_postings.fiscal_year_start = fiscal_years.fiscal_year_start
        and schedule_postings.voucher_date <= periods.report_period
    group by all
),

-- the rows are put together with `union all by name`: a figure a row does not carry is NULL
years as (
    select
        report_period,
        cast(year(fiscal_year_start) as varchar) as label,
        20 + year(fiscal_year_start) / 10000 as sort_order,
        'year' as line_code,
        coalesce(commitment_amount, 0) as commitment_amount,
        coalesce(index_amount, 0) as index_amount,
        coalesce(paid_amount, 0) as paid_amount
    from year_rows
),

agreement_rows as (
    select
        periods.report_period,
        cast(agreement.contract_year as varchar) as label,
        20 + agreement.contract_year / 10000 as sort_order,
        'year' as line_code,
        agreement.commitment_amount,
        agreement.index_amount,
        agreement.paid_amount
    from {{ ref('int_report_periods') }} as periods
    cross join agreement
),

opening_rows as (
    -- only when no agreement years are loaded: then the years before the books are this one row
    select
        periods.report_period,
        layout.label || ' ' || strftime(first_year.fiscal_year_start, '%Y-%m-%d') as label,
        layout.sort_order,
        'opening' as line_code,
        coalesce(opening.remaining_amount, 0) as remaining_amount
    from {{ ref('int_report_periods') }} as periods
    cross join first_year
    cross join opening
    inner join layout on layout.line_code = 'opening'
    where not exists (select 1 from agreement)
),

schedule_years as (
    select * from agreement_rows
    union all by name
    select * from years
),

summa_rows as (
    select
        schedule_years.report_period,
        layout.label,
        layout.sort_order,
        'summa' as line_code,
        sum(schedule_years.commitment_amount) as commitment_amount,
        sum(schedule_years.index_amount) as index_amount,
        sum(schedule_years.paid_amount) as paid_amount
    from schedule_years
    inner join layout on layout.line_code = 'summa'
    group by all
),

loaded_years as (
    -- the ledger's movements of the provision since the books begin
    select
        report_period,
        sum(commitment_amount) as commitment_amount,
        sum(index_amount) as index_amount,
        sum(paid_amount) as paid_amount
    from years
    group by report_period
),

remaining_rows as (
    -- the #IB plus the loaded years: the provision on the balance sheet, to the öre
    select
        loaded_years.report_period,
        layout.label,
        layout.sort_order,
        'remaining' as line_code,
        coalesce(opening.remaining_amount, 0) + loaded_years.commitment_amount + loaded_years.index_amount
        - loaded_years.paid_amount as remaining_amount
    from loaded_years
    cross join opening
    inner join layout on layout.line_code = 'remaining'
),

all_rows as (
    select * from opening_rows
    union all by name
    select * from schedule_years
    union all by name
    select * from summa_rows
    union all by name
    select * from remaining_rows
),

final as (
    select
        report_period,
        cast(row_number() over (partition by report_period order by sort_order) as integer) as row_order,
        line_code,
        label,
        {{ report_amounts(['commitment', 'index', 'paid', 'remaining']) }}
    from all_rows
    -- an entity whose profile names no scheduled provision has no schedule
    where exists (
            select 1 from {{ ref('int_entity__account_roles') }} as account_roles
            where account_roles.account_role = 'provision_schedule'
        )
)

select * from final
