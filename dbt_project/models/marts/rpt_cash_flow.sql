-- Kassaflödesanalys (2.4), indirect method, for every closed month-end as report period: the change in
-- cash ("Kassa"; the internal-bank claim is a receivable) explained by the result, the non-cash items
-- and the change of every other balance-sheet line. Which balance-sheet and income-statement lines make
-- each cash-flow line is data (seed cash_flow_line_sources); a balance-sheet line's cash
-- effect is minus its change in ledger sign. Columns: the same period of the prior year, the whole prior
-- year and the period (fiscal year to date). SEK with öre in *_amount, whole tkr in *_tkr.
with layout as (
    select * from {{ ref('int_entity__report_layouts') }}
    where report = 'cash_flow'
),

sources as (
    select cash_flow_line as line_code, source_line_code, source_sign from {{ ref('cash_flow_line_sources') }}
),

income_statement as (
    select
        report_period,
        line_code,
        sum(periodiserat_amount) as current_amount,
        sum(periodiserat_prior_amount) as same_period_prior_year_amount,
        sum(prior_year_amount) as prior_year_amount
    from {{ ref('int_income_statement_lines_by_unit') }}
    where not is_internal
    group by all
),

balance_sheet_lines as (
    select * from {{ ref('int_entity__report_lines') }}
    where statement = 'balance_sheet' and report_sign is not null
),

balance_changes as (
    -- per column and balance-sheet leaf line: the balance at the start and at the end, report sign
    select
        report_columns.report_period,
        report_columns.period_column,
        statement_lines.line_code,
        statement_lines.report_sign,
        coalesce(at_open.amount, 0) as opening_amount,
        coalesce(at_end.amount, 0) as closing_amount
    from {{ ref('int_report_period_columns') }} as report_columns
    cross join balance_sheet_lines as statement_lines
    left join {{ ref('int_balance_sheet_lines_at_date') }} as at_open
        on at_open.balance_date = report_columns.opening_date and at_open.line_code = statement_lines.line_code
    left join {{ ref('int_balance_sheet_lines_at_date') }} as at_end
        on at_end.balance_date = report_columns.span_end and at_end.line_code = statement_lines.line_code
),

balance_contributions as (
    select
        balance_changes.report_period,
        balance_changes.period_column,
        sources.line_code,
        sum(
            sources.source_sign * case layout.level
                when 'opening_cash' then balance_changes.opening_amount
                when 'closing_cash' then balance_changes.closing_amount
                when 'cash_change' then balance_changes.closing_amount - balance_changes.opening_amount
                -- the cash effect: minus the change in ledger sign
                else -(balance_changes.closing_amount - balance_changes.opening_amount) * balance_changes.report_sign
            end
        ) as amount
    from balance_changes
    inner join sources on sources.source_line_code = balance_changes.line_code
    inner join layout on layout.line_code = sources.line_code
    group by all
),

income_contributions as (
    select
        report_columns.report_period,
        report_columns.period_column,
        sources.line_code,
        sum(sources.source_sign * case report_columns.period_column
            when 'current' then income_statement.current_amount
            when 'same_period_prior_year' then income_statement.same_period_prior_year_amount
            else income_statement.prior_year_amount
        end) as amount
    from {{ ref('int_report_period_columns') }} as report_columns
    inner join income_statement using (report_period)
    inner join sources on sources.source_line_code = income_statement.line_code
    group by all
),

contributions as (
    select * from balance_contributions
    union all
    select * from income_contributions
),

line_cells as (
    select
        report_columns.report_period,
        report_columns.period_column,
        layout.line_code,
        layout.level,
        layout.sort_order,
        coalesce(sum(contributions.amount), 0) as amount
    from {{ ref('int_report_period_columns') }} as report_columns
    cross join layout
    left join contributions
        on contributions.report_period = report_columns.report_period
        and contributions.period_column = report_columns.period_column
        and contributions.line_code = layout.line_code
    where layout.level in ('line', 'opening_cash', 'closing_cash', 'cash_change')
    group by all
),

layout_totals as (
    select * from layout
    where level in ('subtotal', 'section_total', 'total')
),

layout_headings as (
    select * from layout
    where level = 'heading'
),

totals as (
    -- a subtotal or section total adds the lines since the heading above it; the total adds every line
    select
        totals.line_code,
        totals.level,
        totals.sort_order,
        case when totals.level = 'total' then -1 else coalesce(max(headings.sort_order), -1) end as first_after
    from layout_totals as totals
    left join layout_headings as headings
        on headings.sort_order < totals.sort_order
    group by totals.line_code, totals.level, totals.sort_order
),

sum_cells as (
    select
        line_cells.report_period,
        line_cells.period_column,
        totals.line_code,
        totals.level,
        totals.sort_order,
        sum(line_cells.amount) as amount
    from totals
    inner join line_cells
        on line_cells.level = 'line'
        and line_cells.sort_order < totals.sort_order
        and line_cells.sort_order > totals.first_after
    group by line_cells.report_period, line_cells.period_column, totals.line_code, totals.level, totals.sort_order
),

cells as (
    select * from line_cells
    union all
    select * from sum_cells
),

pivoted as (
    select
        periods.report_period,
        layout.line_code,
        layout.label,
        layout.level,
        layout.sort_order,
        layout.always_show,
        sum(cells.amount) filter (where cells.period_column = 'same_period_prior_year') as prior_period_amount,
        sum(cells.amount) filter (where cells.period_column = 'prior_year') as prior_year_amount,
        sum(cells.amount) filter (where cells.period_column = 'current') as current_amount
    from (select distinct report_period from {{ ref('int_report_period_columns') }}) as periods
    cross join layout
    left join cells
        on cells.report_period = periods.report_period
        and cells.line_code = layout.line_code
    group by periods.report_period, layout.line_code, layout.label, layout.level, layout.sort_order, layout.always_show
),

final as (
    select
        report_period,
        cast(row_number() over (partition by report_period order by sort_order) as integer) as row_order,
        line_code,
        coalesce(label, '') as label,
        level,
        {{ report_amounts(['prior_period', 'prior_year', 'current']) }}
    from pivoted
    where always_show
        or coalesce(prior_period_amount, 0) <> 0
        or coalesce(prior_year_amount, 0) <> 0
        or coalesce(current_amount, 0) <> 0
)

select * from final
