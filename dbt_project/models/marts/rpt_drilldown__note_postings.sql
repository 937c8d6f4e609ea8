-- Drill-down from the income-statement notes to their postings, on demand (a view: nothing is stored per
-- period; filter it, or call the table macro drilldown_note, see docs/analysts.md): one row per report
-- period × note × printed row × column × posting behind that cell; a Summa row lists every posting of its
-- note. cell_amount (the note's sign) sums to the cell's *_amount in rpt_notes exactly (singular test
-- assert_drilldown_ties_to_notes). Columns as in rpt_notes: prior_period (same period of the prior year),
-- prior_year (the whole prior year), current (the period).
{{ config(materialized='view', post_hook=["{{ create_note_drilldown_macro() }}"]) }}

with matched as (
    -- each posting's note row (matched once, at posting grain) in every column whose span holds it
    select report_columns.report_period, report_columns.period_column, matched_postings.*
    from {{ ref('int_report_period_columns') }} as report_columns
    inner join {{ ref('int_postings_matched_to_note_rows') }} as matched_postings
        on matched_postings.period_month between report_columns.span_start and report_columns.span_end
),

flow_cells as (
    select
        matched.report_period,
        matched.note_no,
        matched.row_label,
        notes.summa_label,
        case matched.period_column
            when 'same_period_prior_year' then 'prior_period'
            when 'prior_year' then 'prior_year'
            else 'current'
        end as column_name,
        matched.posting_key,
        matched.amount * notes.row_sign as cell_amount
    from matched
    inner join {{ ref('int_entity__report_notes') }} as notes using (note_no)
),

cells as (
    -- each posting in its own row's cell and, where the note has one, in its Summa's
    select report_period, note_no, row_label, 'flow' as row_kind, column_name, posting_key, cell_amount
    from flow_cells
    union all
    select report_period, note_no, summa_label, 'summa' as row_kind, column_name, posting_key, cell_amount
    from flow_cells
    where summa_label is not null
),

final as (
    select
        cells.report_period,
        cells.note_no,
        cells.row_label,
        cells.row_kind,
        cells.column_name,
        cells.posting_key,
        postings.voucher_series,
        postings.voucher_number,
        postings.voucher_date,
        postings.account,
        postings.unit_code,
        postings.counterpart_code,
        counterpart_objects.counterpart_name,
        postings.voucher_text,
        postings.amount,
        postings.source_file_name,
        postings.line_no,
        cast(cells.cell_amount as decimal(18, 2)) as cell_amount
    from cells
    inner join {{ keyed_postings() }} as postings using (posting_key)
    {{ join_dimension_object_names('postings', ['counterpart']) }}
)

select * from final
