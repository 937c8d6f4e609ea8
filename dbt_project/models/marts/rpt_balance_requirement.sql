-- Balanskravsutredning (1.5), for every closed month-end as report period: the result of the income
-- statement less realisation gains ([accounts] realisation_gains of entity.toml) gives the
-- balance-requirement result (the layout's subtotal, rendered by render_report_rows); shown for the
-- full-year forecast (as published) and for the period's utfall. SEK with öre in *_amount, whole tkr in
-- *_tkr.
with gain_months as (
    select * from {{ ref('int_result_postings_aggregated_to_month') }}
    where {{ account_has_role('account', 'realisation_gains') }}
),

-- the gains in every report column (the balance requirement reads the period's); ledger sign (a gain is a
-- credit, negative)
gains as (
    {{ sum_months_over_spans(ref('int_report_period_columns'), 'gain_months',
        ['report_period', 'period_column'], []) }}
),

period_lines as (
    -- each line of the layout at each report period, with the result as the summary prints it
    select
        summary.report_period,
        summary.forecast_amount,
        summary.utfall_amount,
        layout.line_code,
        layout.label,
        layout.level,
        layout.sort_order,
        layout.always_show
    from {{ ref('int_income_statement_summary_rows_rendered') }} as summary
    cross join {{ ref('int_entity__report_layouts') }} as layout
    where summary.line_code = 'period_result' and layout.report = 'balance_requirement'
),

leaf_rows as (
    select
        period_lines.* exclude (forecast_amount, utfall_amount),
        -- the result as the summary prints it; the gains deducted (ledger sign is already the deduction)
        case period_lines.line_code
            when 'realisation_gains' then coalesce(gains.amount, 0)
            else period_lines.forecast_amount
        end as forecast_amount,
        case period_lines.line_code
            when 'realisation_gains' then coalesce(gains.amount, 0)
            else period_lines.utfall_amount
        end as utfall_amount
    from period_lines
    left join gains on gains.report_period = period_lines.report_period and gains.period_column = 'current'
    where period_lines.level = 'line'
),

total_rows as (
    select * exclude (forecast_amount, utfall_amount) from period_lines
    where level = 'subtotal'
),

{{ render_report_rows('leaf_rows', 'total_rows', report='balance_requirement',
    partition_by=['report_period'], columns=['forecast', 'utfall']) }},

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
