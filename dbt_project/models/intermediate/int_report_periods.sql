-- One row per month-end a report can be produced for (every month of every loaded fiscal year that the
-- books reach), with the comparison dates the statements need.
with fiscal_years as (
    select * from {{ ref('int_fiscal_years') }}
),

month_ends as (
    select
        fiscal_years.fiscal_year_start,
        fiscal_years.fiscal_year_end,
        cast(last_day(month_start) as date) as report_period
    from fiscal_years,
        generate_series(
            fiscal_years.fiscal_year_start,
            fiscal_years.last_month_end,
            interval 1 month
        ) as months(month_start)
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
