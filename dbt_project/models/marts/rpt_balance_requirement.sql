-- Balanskravsutredning (1.5), for every closed month-end as report period: the result of the income
-- statement less realisation gains ([accounts] realisation_gains of entity.toml) gives the
-- balance-requirement result (the layout's subtotal, rendered by render_report_rows); shown for the
-- full-year forecast (as published) and for the period's utfall. SEK with öre in *_amount, whole tkr in
-- *_tkr.
with summary as (
    select * from {{ ref('int_income_statement_summary_rows_rendered') }}
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

gains_to_date as (
    -- the months of the fiscal year to date; ledger sign (a gain is a credit, negative)
    {{ sum_months_over_spans('current_columns', 'gain_months', ['report_period'], []) }}
),

leaf_rows as (
    select
        summary.report_period,
        layout.line_code,
        layout.label,
        layout.level,
        layout.sort_order,
        layout.always_show,
        -- the result as the summary prints it; the gains deducted (ledger sign is already the deduction)
        case layout.line_code
            when 'realisation_gains' then coalesce(gains_to_date.amount, 0)
            else summary.forecast_amount
        end as forecast_amount,
        case layout.line_code
            when 'realisation_gains' then coalesce(gains_to_date.amount, 0)
            else summary.utfall_amount
        end as utfall_amount
    from summary
    cross join layout
    left join gains_to_date using (report_period)
    where layout.level = 'line'
),

total_rows as (
    select summary.report_period, layout.line_code, layout.label, layout.level, layout.sort_order, layout.always_show
    from summary
    cross join layout
    where layout.level = 'subtotal'
),

{{ render_report_rows('leaf_rows', 'total_rows', report='balance_requirement',
    partition_by=['report_period'],
    columns=['forecast', 'utfall'], number_within=['report_period'], order_by='sort_order') }},

final as (
    select
        report_period,
        row_order,
        line_code,
        label,
        {{ report_amounts(['forecast', 'utfall']) }}
    from rendered
)

select * from final
