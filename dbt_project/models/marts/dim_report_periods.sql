-- One row per month-end of a loaded fiscal year, from the year's start through the last month that has
-- vouchers: whether it is a report period ('closed': the statements are made at it) or still open
-- ('preliminary': its vouchers are in fct_general_ledger, but no statement is made at it yet), and which
-- rule closed it (int_fiscal_years). So an open month with vouchers stays visible without looking finished.
-- Size: the months of the loaded fiscal years at most (12 a year).
with report_periods as (
    select report_period from {{ ref('int_report_periods') }}
),

vouchers as (
    select
        fiscal_year_start,
        cast(last_day(voucher_date) as date) as report_period,
        count(*) as voucher_count,
        max(voucher_date) as last_voucher_date
    from {{ ref('stg_sie__vouchers') }}
    group by all
),

month_ends as (
    -- every month-end the books reach; the closed ones are a prefix of these (never beyond the vouchers)
    select
        fiscal_years.fiscal_year_start,
        fiscal_years.fiscal_year_end,
        fiscal_years.source_file_name,
        fiscal_years.closed_by,
        cast(last_day(months.month_start) as date) as report_period
    from {{ ref('int_fiscal_years') }} as fiscal_years,
        generate_series(
            fiscal_years.fiscal_year_start,
            fiscal_years.last_voucher_month_end,
            interval 1 month
        ) as months (month_start)
),

final as (
    select
        month_ends.report_period,
        cast(date_trunc('month', month_ends.report_period) as date) as month_start,
        month_ends.fiscal_year_start,
        month_ends.fiscal_year_end,
        -- closed exactly when it is a report period: the statements' months and this list cannot disagree
        case when report_periods.report_period is not null then 'closed' else 'preliminary' end as status,
        case when report_periods.report_period is not null then month_ends.closed_by end as closed_by,
        coalesce(vouchers.voucher_count, 0) as voucher_count,
        vouchers.last_voucher_date,
        month_ends.source_file_name
    from month_ends
    left join report_periods using (report_period)
    left join vouchers
        on vouchers.fiscal_year_start = month_ends.fiscal_year_start
        and vouchers.report_period = month_ends.report_period
)

select * from final
