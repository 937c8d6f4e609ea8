-- Balanskravsutredning (1.5), for every closed month-end as report period: the result of the income
-- statement less realisation gains ([accounts] realisation_gains of entity.toml)
-- gives the balance-requirement result; shown for the full-year forecast (as published) and for the
-- period's utfall. SEK with öre in *_amount, whole tkr in *_tkr.
with summary as (
    select * from {{ ref('rpt_income_statement_summary') }}
    where line_code = 'period_result'
),

layout as (
    select * from {{ ref('int_entity__report_layouts') }}
    where report = 'balance_requirement'
),

current_columns as (
    select * from {{ ref('int_report_period_columns') }}
    where period_column = 'current'
),

gain_months as (
    select * from {{ ref('int_result_postings_aggregated_to_month') }}
    where {{ account_has_role('account', 'realisation_gains') }}
),

realisation_gains as (
    -- report sign: a gain (credit) is positive; it is deducted. The months of the fiscal year to date.
    select current_columns.report_period, -sum(gain_months.amount) as gains_amount
    from current_columns
    inner join gain_months
        on gain_months.period_month between current_columns.span_start and current_columns.span_end
    group by current_columns.report_period
),

values_by_line as (
    select
        summary.report_period,
        layout.line_code,
        layout.label,
        layout.sort_order,
        case layout.line_code
            when 'result' then summary.forecast_amount
            when 'realisation_gains' then -coalesce(realisation_gains.gains_amount, 0)
            else summary.forecast_amount - coalesce(realisation_gains.gains_amount, 0)
        end as forecast_amount,
        case layout.line_code
            when 'result' then summary.utfall_amount
            when 'realisation_gains' then -coalesce(realisation_gains.gains_amount, 0)
            else summary.utfall_amount - coalesce(realisation_gains.gains_amount, 0)
        end as utfall_amount
    from summary
    cross join layout
    left join realisation_gains using (report_period)
),

final as (
    select
        report_period,
        cast(row_number() over (partition by report_period order by sort_order) as integer) as row_order,
        line_code,
        label,
        cast(forecast_amount as decimal(18, 2)) as forecast_amount,
        cast(utfall_amount as decimal(18, 2)) as utfall_amount,
        {{ to_tkr('forecast_amount') }} as forecast_tkr,
        {{ to_tkr('utfall_amount') }} as utfall_tkr
    from values_by_line
)

select * from final
