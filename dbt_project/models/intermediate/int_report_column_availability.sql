-- One row per report period: which of the statements' comparison columns are known at it. A column whose
-- source is not loaded (the prior fiscal year, a budget, a forecast) is printed as unknown (NULL), never as
-- zero; every report reads that here. Size: the report periods.
with budgeted_years as (
    select distinct fiscal_year_start from {{ ref('int_budget_aggregated_to_year') }}
),

forecast_periods as (
    select distinct report_period from {{ ref('int_forecast_lines_at_report_period') }}
),

final as (
    select
        periods.report_period,
        coalesce(bool_or(report_columns.period_column = 'same_period_prior_year'), false)
            as has_same_period_prior_year,
        coalesce(bool_or(report_columns.period_column = 'prior_year'), false) as has_prior_year,
        budgeted_years.fiscal_year_start is not null as has_budget,
        forecast_periods.report_period is not null as has_forecast
    from {{ ref('int_report_periods') }} as periods
    left join {{ ref('int_report_period_columns') }} as report_columns using (report_period)
    left join budgeted_years on budgeted_years.fiscal_year_start = periods.fiscal_year_start
    left join forecast_periods on forecast_periods.report_period = periods.report_period
    group by periods.report_period, budgeted_years.fiscal_year_start, forecast_periods.report_period
)

select * from final
