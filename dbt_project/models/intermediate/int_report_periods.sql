-- One row per month-end a report can be produced for: every closed month of every loaded fiscal year (up
-- to int_fiscal_years.last_month_end; which months are closed, and why, is decided there), with the
-- comparison dates the statements need. A month with vouchers that is not closed yet is no report period:
-- marts.dim_report_periods shows it as preliminary. Size: the months of the loaded fiscal years at most.
with fiscal_years as (
    select * from {{ ref('int_fiscal_years') }}
    -- a year with no closed month yet has no report period
    where last_month_end is not null
),

month_ends as (
    select
        fiscal_years.fiscal_year_start,
        fiscal_years.fiscal_year_end,
        cast(last_day(months.month_start) as date) as report_period
    from fiscal_years,
        generate_series(
            fiscal_years.fiscal_year_start,
            fiscal_years.last_month_end,
            interval 1 month
        ) as months (month_start)
),

final as (
    select
        report_period,
        fiscal_year_start,
        fiscal_year_end,
        cast(date_diff('month', fiscal_year_start, report_period) + 1 as integer) as months_in_period,
        cast(fiscal_year_start - interval 1 day as date) as prior_year_end,
        cast(last_day(report_period - interval 1 year) as date) as same_date_prior_year
    from month_ends
)

select * from final
