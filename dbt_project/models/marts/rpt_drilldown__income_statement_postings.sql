-- Drill-down from the income statements to their postings, on demand (a view: nothing is stored per
-- period; filter it, or call the table macro drilldown_income_statement, see docs/analysts.md): one row per
-- report × report period × printed line (× unit) × column × posting behind that cell, for 2.1.1 (report
-- 'income_statement', internal items eliminated, rpt_income_statement) and 2.1.2–2.1.11 (report
-- 'income_statement_by_unit', units gross, rpt_income_statement_by_unit). A subtotal's cell lists the
-- postings of every line above it. The sum of cell_amount over a cell equals the cell's *_amount to the
-- öre (singular test assert_drilldown_ties_to_income_statements). Columns: periodiserat_prior (same
-- period of the prior year), utfall (without period-end accruals), periodiserat.
{{ config(materialized='view', post_hook=["{{ create_income_statement_drilldown_macro() }}"]) }}

with postings as (
    select
        report_columns.report_period,
        report_columns.period_column,
        ledger.posting_key,
        ledger.fiscal_year_start,
        ledger.voucher_series,
        ledger.voucher_number,
        ledger.voucher_date,
        ledger.account,
        ledger.line_code,
        ledger.is_internal,
        ledger.unit_code,
        ledger.counterpart_code,
        cast(null as varchar) as counterpart_name,  -- named below
        ledger.project_code,
        ledger.is_period_end_accrual,
        ledger.voucher_text,
        ledger.amount,
        ledger.source_file_name,
        ledger.line_no
    from {{ ref('int_report_period_columns') }} as report_columns
    -- no statement filter: the join to the income statement's lines (line_cover) keeps only income-statement
    -- postings, as an account's statement is its line's; the counterpart's name is looked up last (named)
    inner join {{ keyed_postings() }} as ledger
        on ledger.period_month between report_columns.span_start and report_columns.span_end
),

lines as (
    select * from {{ ref('int_entity__report_lines') }}
    where statement = 'income_statement'
),

line_cover as (
    -- each printed line and the leaf lines whose postings it sums
    select
        leaf.line_code as leaf_line_code,
        -- the leaf covers itself: both columns are its code
        leaf.line_code,  -- noqa: AL08
        leaf.report_sign,
        leaf.split_by_unit
    from lines as leaf
    where leaf.level = 'line'
    union all
    select leaf.line_code as leaf_line_code, subtotal.line_code, leaf.report_sign, false as split_by_unit
    from lines as subtotal
    inner join lines as leaf on leaf.level = 'line' and leaf.sort_order < subtotal.sort_order
    where subtotal.level = 'subtotal'
),

posting_columns as (
    select postings.*, 'periodiserat_prior' as column_name
    from postings
    where postings.period_column = 'same_period_prior_year'
    union all
    select postings.*, 'periodiserat' as column_name
    from postings
    where postings.period_column = 'current'
    union all
    select postings.*, 'utfall' as column_name
    from postings
    where postings.period_column = 'current' and not postings.is_period_end_accrual
),

reports as (
    -- the per-unit statements (units gross, every row by unit) and the total one (internal items
    -- eliminated, by unit only on a line split by unit)
    select 'income_statement_by_unit' as report, true as is_by_unit
    union all
    select 'income_statement' as report, false as is_by_unit
),

final as (
    select
        reports.report,
        posting_columns.report_period,
        line_cover.line_code,
        case when reports.is_by_unit or line_cover.split_by_unit then posting_columns.unit_code end as unit_code,
        posting_columns.column_name,
        -- noqa: disable=RF02
        posting_columns.* exclude (report_period, unit_code, column_name, line_code, period_column),
        -- noqa: enable=RF02
        posting_columns.line_code as posting_line_code,
        posting_columns.amount * line_cover.report_sign as cell_amount
    from posting_columns
    inner join line_cover on line_cover.leaf_line_code = posting_columns.line_code
    cross join reports
    where reports.is_by_unit or not posting_columns.is_internal
),

named as (
    select final.* replace (counterpart_objects.counterpart_name as counterpart_name)
    from final
    {{ join_dimension_object_names('final', ['counterpart']) }}
)

select * from named
