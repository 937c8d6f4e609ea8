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

provision_postings as (
    -- the provision accounts' postings only: the rest of the ledger is never grouped or joined here
    select ledger.*, index_vouchers.voucher_number is not null as is_index_voucher
    from {{ ref('fct_general_ledger') }} as ledger
    left join index_vouchers using (source_file_name, voucher_series, voucher_number)
    where {{ account_has_role('ledger.account', 'provision_schedule') }}
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
        -sum(provision_postings.amount) filter (
            where not provision_postings.is_index_voucher and provision_postings.amount < 0
        )
            as commitment_amount,
        sum(provision_postings.amount) filter (
            where not provision_postings.is_index_voucher and provision_postings.amount > 0
        )
            as paid_amount
    from {{ ref('int_report_periods') }} as periods
    inner join {{ ref('int_fiscal_years') }} as fiscal_years
        on fiscal_years.fiscal_year_start <= periods.fiscal_year_start
    left join provision_postings
        on provision_postings.fiscal_year_start = fiscal_years.fiscal_year_start
        and provision_postings.voucher_date <= periods.report_period
    group by all
),

year_index as (
    select
        periods.report_period,
        fiscal_years.fiscal_year_start,
        sum(index_postings.amount) as index_amount
    from {{ ref('int_report_periods') }} as periods
    inner join {{ ref('int_fiscal_years') }} as fiscal_years
        on fiscal_years.fiscal_year_start <= periods.fiscal_year_start
    left join index_postings
        on index_postings.fiscal_year_start = fiscal_years.fiscal_year_start
        and index_postings.voucher_date <= periods.report_period
    group by all
),

years as (
    select
        year_rows.report_period,
        cast(year(year_rows.fiscal_year_start) as varchar) as label,
        20 + year(year_rows.fiscal_year_start) / 10000 as sort_order,
        'year' as line_code,
        coalesce(year_rows.commitment_amount, 0) as commitment_amount,
        coalesce(year_index.index_amount, 0) as index_amount,
        coalesce(year_rows.paid_amount, 0) as paid_amount,
        cast(null as decimal(18, 2)) as remaining_amount
    from year_rows
    inner join year_index using (report_period, fiscal_year_start)
),

agreement_rows as (
    select
        periods.report_period,
        cast(agreement.contract_year as varchar) as label,
        20 + agreement.contract_year / 10000 as sort_order,
        'year' as line_code,
        agreement.commitment_amount,
        agreement.index_amount,
        agreement.paid_amount,
        cast(null as decimal(18, 2)) as remaining_amount
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
        null as commitment_amount,
        null as index_amount,
        null as paid_amount,
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
        sum(schedule_years.paid_amount) as paid_amount,
        null as remaining_amount
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
        null as commitment_amount,
        null as index_amount,
        null as paid_amount,
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
        cast(commitment_amount as decimal(18, 2)) as commitment_amount,
        cast(index_amount as decimal(18, 2)) as index_amount,
        cast(paid_amount as decimal(18, 2)) as paid_amount,
        cast(remaining_amount as decimal(18, 2)) as remaining_amount,
        {{ to_tkr('commitment_amount') }} as commitment_tkr,
        {{ to_tkr('index_amount') }} as index_tkr,
        {{ to_tkr('paid_amount') }} as paid_tkr,
        {{ to_tkr('remaining_amount') }} as remaining_tkr
    from all_rows
    -- an entity whose profile names no scheduled provision has no schedule
    where exists (
            select 1 from {{ ref('int_entity__account_roles') }} as account_roles
            where account_roles.account_role = 'provision_schedule'
        )
)

select * from final
