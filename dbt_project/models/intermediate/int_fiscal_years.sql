-- One row per fiscal year exported as year 0 of a loaded SIE file: how far its vouchers reach and through
-- which month it is closed. Only a closed month-end is a report period (int_report_periods): one early
-- voucher of the next month must not make that month look finished. Which months are closed, in this order:
--   1. the run's choice, the dbt var closed_through ("YYYY-MM": rakenskaper run --closed-through);
--   2. the entity profile, [books] closed_through = "YYYY-MM" of entity.toml;
--      an explicit month (1 or 2) closes every month up to it and none after it: the year it falls in is
--      closed through it, an earlier year through its end, a later year not at all (no closed month yet);
--   3. otherwise, for the latest loaded fiscal year, what its books show: the last month-end that has a
--      voucher of a period-end accrual series ([voucher_series] period_end_accruals; the reversal dated the
--      1st of the next month closes nothing), or, when the profile names no such series or the year has no
--      such voucher, the file's last full month: the last month that ended before its #GEN date;
--   4. a fiscal year that a later loaded fiscal year follows is closed through its end: its year-end
--      accounts come after it, and the later year's report compares with all of its months.
-- Never beyond the last month that has vouchers (as before: no empty months ahead of the books).
with accrual_series as (
    select series from {{ ref('int_entity__voucher_series') }}
    where is_period_end_accrual
),

profile_month as (
    -- validated as "YYYY-MM" when the profile was read (rakenskaper.entity)
    select max(setting_value) as closed_through
    from {{ ref('stg_entity__settings') }}
    where section = 'books' and setting_key = 'closed_through'
),

explicit_month as (
    -- the run's month wins over the profile's; NULL when neither names one
    select
        coalesce({{ closed_through_month_end() }}, last_day(cast(profile_month.closed_through || '-01' as date)))
            as month_end,
        case
            when {{ closed_through_month_end() }} is not null then 'run'
            when profile_month.closed_through is not null then 'entity profile'
        end as closed_by
    from profile_month
),

last_voucher as (
    select fiscal_year_start, max(voucher_date) as last_voucher_date
    from {{ ref('stg_sie__vouchers') }}
    group by fiscal_year_start
),

last_accrual as (
    -- a period-end accrual is dated on the last day of the month it closes; its reversal (the 1st of the
    -- next month) and any other voucher of the series on another day close nothing
    select vouchers.fiscal_year_start, max(vouchers.voucher_date) as last_accrual_month_end
    from {{ ref('stg_sie__vouchers') }} as vouchers
    inner join accrual_series on accrual_series.series = vouchers.voucher_series
    where vouchers.voucher_date = last_day(vouchers.voucher_date)
    group by vouchers.fiscal_year_start
),

years as (
    select
        files.fiscal_year_start,
        files.fiscal_year_end,
        files.source_file_name,
        files.generated_on,
        last_voucher.last_voucher_date,
        -- the last month-end the books reach (a year without vouchers reaches its first month, as before)
        cast(least(
            files.fiscal_year_end,
            last_day(coalesce(last_voucher.last_voucher_date, files.fiscal_year_start))
        ) as date) as last_voucher_month_end,
        -- (least() skips a NULL: a missing accrual or #GEN must stay NULL, not become the year's end)
        case
            when last_accrual.last_accrual_month_end is not null
                then least(files.fiscal_year_end, last_accrual.last_accrual_month_end)
        end as last_accrual_month_end,
        -- the last month that ended before the export was made (#GEN 2023-09-12: August)
        case
            when files.generated_on is not null
                then cast(least(files.fiscal_year_end, last_day(files.generated_on - interval 1 month)) as date)
        end as last_full_month_end,
        exists(
            select 1 from {{ ref('stg_sie__files') }} as later
            where later.fiscal_year_start > files.fiscal_year_start
        ) as has_later_fiscal_year
    from {{ ref('stg_sie__files') }} as files
    left join last_voucher using (fiscal_year_start)
    left join last_accrual using (fiscal_year_start)
),

closure as (
    select
        years.*,
        case
            -- the explicit month falls in this year or before it: closed through it (before: nothing closed)
            when explicit_month.month_end < years.fiscal_year_end then explicit_month.month_end
            when years.has_later_fiscal_year then years.fiscal_year_end
            when explicit_month.month_end is not null then years.fiscal_year_end
            when years.last_accrual_month_end is not null then years.last_accrual_month_end
            else years.last_full_month_end
        end as closed_month_end,
        case
            when explicit_month.month_end < years.fiscal_year_end then explicit_month.closed_by
            when years.has_later_fiscal_year then 'later fiscal year'
            when explicit_month.month_end is not null then explicit_month.closed_by
            when years.last_accrual_month_end is not null then 'accrual vouchers'
            when years.last_full_month_end is not null then 'export date'
        end as closed_by_rule
    from years
    cross join explicit_month
),

final as (
    select
        fiscal_year_start,
        fiscal_year_end,
        source_file_name,
        generated_on,
        last_voucher_date,
        last_voucher_month_end,
        last_accrual_month_end,
        last_full_month_end,
        has_later_fiscal_year,
        -- the last closed month-end, the year's last report period; NULL: no month of the year is closed yet
        case
            when closed_month_end >= fiscal_year_start then least(closed_month_end, last_voucher_month_end)
        end as last_month_end,
        case when closed_month_end >= fiscal_year_start then closed_by_rule end as closed_by
    from closure
)

select * from final
