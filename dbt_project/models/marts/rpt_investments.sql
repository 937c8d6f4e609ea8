-- Investeringsredovisning (1.8), for every closed month-end as report period: one row per project
-- (dim 6) with the year's investment budget and full-year forecast (the latest investments forecast of
-- the fiscal year made at or before the period), utfall (postings with the project on fixed-asset
-- accounts, fiscal year to date) and the variance budget − forecast. SEK with öre in *_amount, whole
-- tkr in *_tkr.
with applicable_forecast as (
    {{ applicable_forecast_rows(ref('stg_forecast__investment_forecasts')) }}
),

fixed_asset_lines as (
    select line_code from {{ ref('int_entity__report_lines') }}
    where statement = 'balance_sheet' and parent_code = '{{ var("fixed_assets_line") }}'
),

project_months as (
    -- the project postings on fixed-asset lines summed to months first, so that the fiscal year to date
    -- is a sum of months (rows: months × projects), not a copy of each posting per report period
    select period_month, project_code, sum(amount) as amount
    from {{ ref('fct_general_ledger') }}
    where project_code is not null
        and line_code in (select fixed_asset_lines.line_code from fixed_asset_lines)
    group by all
),

current_columns as (
    select * from {{ ref('int_report_period_columns') }}
    where period_column = 'current'
),

outcome_to_date as (
    {{ sum_months_over_spans('current_columns', 'project_months', ['report_period'], ['project_code']) }}
),

outcome as (
    select report_period, project_code, amount as utfall_amount from outcome_to_date
),

projects as (
    {{ dimension_objects('project') }}
),

keys as (
    select report_period, project_code from applicable_forecast
    union
    select report_period, project_code from outcome
),

final as (
    select
        keys.report_period,
        cast(row_number() over (partition by keys.report_period order by keys.project_code) as integer) as row_order,
        keys.project_code,
        coalesce(projects.project_name, applicable_forecast.project_name, keys.project_code) as project_name,
        cast(applicable_forecast.budget_amount as decimal(18, 2)) as budget_amount,
        cast(coalesce(outcome.utfall_amount, 0) as decimal(18, 2)) as utfall_amount,
        cast(applicable_forecast.forecast_amount as decimal(18, 2)) as forecast_amount,
        cast(applicable_forecast.budget_amount - applicable_forecast.forecast_amount as decimal(18, 2))
            as variance_amount,
        {{ to_tkr('applicable_forecast.budget_amount') }} as budget_tkr,
        {{ to_tkr('coalesce(outcome.utfall_amount, 0)') }} as utfall_tkr,
        {{ to_tkr('applicable_forecast.forecast_amount') }} as forecast_tkr,
        {{ to_tkr('applicable_forecast.budget_amount - applicable_forecast.forecast_amount') }} as variance_tkr
    from keys
    left join applicable_forecast using (report_period, project_code)
    left join outcome using (report_period, project_code)
    left join projects using (project_code)
)

select * from final
