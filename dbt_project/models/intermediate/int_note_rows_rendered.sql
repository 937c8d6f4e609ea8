-- The notes (2.3) as printed rows, one row per report period × note × printed row: the note rows' cells in
-- three columns (the same period of the prior year, the whole prior year, the fiscal year to date) —
-- movements for income-statement notes, balances at the three dates for balance-sheet notes, opening /
-- movements / closing for the roll-forwards — in the note's sign, and the note's Summa row, rendered by
-- render_report_rows. A row the rules always show (seed note_rows always_show) is printed when empty; the
-- Summa is printed when any row above it is. SEK with öre, unrounded. Size: report periods × note rows.
with unit_notes as (
    select unit_code, note_no from {{ ref('int_entity__unit_contribution_lines') }}
),

members as (
    -- a note's Summa sums every row of the note
    select 'summa' as line_code, 'row' as member_line_code
),

cells as (
    select
        report_period, period_column, note_no, row_label, 'flow' as row_kind, min(sort_order) as sort_order,
        sum(amount) as amount
    from {{ ref('int_note_rows_at_report_columns') }}
    group by report_period, period_column, note_no, row_label
    union all
    select
        report_period, period_column, note_no, row_label, row_kind, min(sort_order) as sort_order,
        sum(amount) as amount
    from {{ ref('int_note_rows_matched_to_balances') }}
    group by report_period, period_column, note_no, row_label, row_kind
),

fixed_rows as (
    -- rows printed even when empty; a rule without note_no stands for every unit's note
    select distinct
        coalesce(rules.note_no, unit_notes.note_no) as note_no, rules.row_label, rules.row_kind,
        rules.sort_order
    from {{ ref('int_entity__note_rows') }} as rules
    left join unit_notes on rules.note_no is null
    where rules.always_show and rules.row_label is not null
),

row_keys as (
    select report_period, note_no, row_label, row_kind, min(sort_order) as sort_order
    from (
        select report_period, note_no, row_label, row_kind, sort_order from cells
        union all
        select
            periods.report_period, fixed_rows.note_no, fixed_rows.row_label, fixed_rows.row_kind,
            fixed_rows.sort_order
        from {{ ref('int_report_periods') }} as periods cross join fixed_rows
    ) as all_keys
    group by all
),

leaf_rows as (
    select
        row_keys.report_period,
        row_keys.note_no,
        'row' as line_code,
        row_keys.row_label as label,
        row_keys.row_kind as level,
        notes.sort_order as note_sort_order,
        row_keys.sort_order,
        exists(
            select 1 from fixed_rows
            where fixed_rows.note_no = row_keys.note_no and fixed_rows.row_label = row_keys.row_label
        ) as always_show,
        case when known.has_same_period_prior_year
                then coalesce(sum(cells.amount) filter (where cells.period_column = 'same_period_prior_year'), 0)
                    * notes.row_sign
        end as prior_period_amount,
        case when known.has_prior_year
                then coalesce(sum(cells.amount) filter (where cells.period_column = 'prior_year'), 0) * notes.row_sign
        end as prior_year_amount,
        coalesce(sum(cells.amount) filter (where cells.period_column = 'current'), 0) * notes.row_sign as current_amount
    from row_keys
    inner join {{ ref('int_entity__report_notes') }} as notes using (note_no)
    inner join {{ ref('int_report_column_availability') }} as known using (report_period)
    left join cells
        on cells.report_period = row_keys.report_period
        and cells.note_no = row_keys.note_no
        and cells.row_label = row_keys.row_label
        and cells.row_kind = row_keys.row_kind
    group by
        row_keys.report_period, row_keys.note_no, row_keys.row_label, row_keys.row_kind, row_keys.sort_order,
        notes.sort_order, notes.row_sign, known.has_same_period_prior_year, known.has_prior_year
),

total_rows as (
    select distinct
        leaf_rows.report_period,
        leaf_rows.note_no,
        'summa' as line_code,
        notes.summa_label as label,
        'summa' as level,
        leaf_rows.note_sort_order,
        2147483647 as sort_order,
        cast(null as boolean) as always_show
    from leaf_rows
    inner join {{ ref('int_entity__report_notes') }} as notes using (note_no)
    where notes.summa_label is not null
),

{{ render_report_rows('leaf_rows', 'total_rows', 'members', partition_by=['report_period', 'note_no'],
    columns=['prior_period', 'prior_year', 'current'],
    number_within=['report_period'], order_by='note_sort_order, sort_order, label') }},

final as (
    select
        rendered.report_period,
        rendered.note_no,
        notes.note_title,
        rendered.row_order,
        rendered.label as row_label,
        rendered.level as row_kind,
        rendered.prior_period_amount,
        rendered.prior_year_amount,
        rendered.current_amount
    from rendered
    inner join {{ ref('int_entity__report_notes') }} as notes using (note_no)
)

select * from final
