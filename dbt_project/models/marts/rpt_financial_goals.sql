-- Finansiella mål (1.6), for every closed month-end as report period: whether the federation meets its
-- financial goals of sound financial management — operating costs (incl. depreciation and financial
-- costs) do not exceed revenue (the result is not negative), and equity does not fall below the floor
-- ([goals] equity_floor_tkr of entity.toml; no floor there: that goal is not printed). Each goal is judged
-- on the period's utfall and on the full-year forecast
-- (equity at year-end expected = equity at the prior year-end + the forecast result).
-- SEK with öre in *_amount, whole tkr in *_tkr.
with equity_floor as (
    select cast(max(setting_value) as decimal(18, 2)) * 1000 as amount
    from {{ ref('stg_entity__settings') }}
    where section = 'goals' and setting_key = 'equity_floor_tkr'
),

layout as (
    -- the goals printed (the equity goal only with a floor), numbered in the layout's order
    select
        line_code,
        label,
        cast(row_number() over (order by sort_order) as integer) as row_order
    from {{ ref('int_entity__report_layouts') }}
    where report = 'financial_goals'
        and (line_code <> 'equity_floor' or (select equity_floor.amount from equity_floor) is not null)
),

goal_values as (
    -- each goal's target and values at each report period, SEK with öre, in the published columns' order
    select
        summary.report_period,
        layout.row_order,
        layout.line_code,
        layout.label,
        case layout.line_code
            when 'equity_floor' then (select equity_floor.amount from equity_floor)
            else cast(0 as decimal(18, 2))
        end as target_amount,
        cast(case layout.line_code
            when 'equity_floor' then balance.at_report_date_amount
            else summary.utfall_amount
        end as decimal(18, 2)) as utfall_amount,
        cast(case layout.line_code
            when 'equity_floor' then balance.at_prior_year_end_amount + summary.forecast_amount
            else summary.forecast_amount
        end as decimal(18, 2)) as forecast_amount
    from {{ ref('int_income_statement_summary_rows_rendered') }} as summary
    cross join layout
    left join {{ ref('int_balance_sheet_rows_rendered') }} as balance
        on balance.report_period = summary.report_period and balance.line_code = 'equity'
    where summary.line_code = 'period_result'
),

final as (
    -- each goal judged on the period's utfall and on the forecast, and the figures in tkr
    select
        *,
        utfall_amount >= target_amount as is_met_by_utfall,
        case when forecast_amount is not null then forecast_amount >= target_amount end as is_met_by_forecast,
        {{ to_tkr('target_amount') }} as target_tkr,
        {{ to_tkr('utfall_amount') }} as utfall_tkr,
        {{ to_tkr('forecast_amount') }} as forecast_tkr
    from goal_values
)

select * from final
