-- Noter (2.3): notes 1–22 and "Övrigt", long format, for every closed month-end as report period. One
-- row per report period × note × printed row; three columns as printed: the same period of the prior
-- year, the whole prior year and the period (fiscal year to date) — movements for income-statement notes,
-- balances at the three dates for balance-sheet notes, and opening / movements / closing for the
-- roll-forwards (15, 19). Rows are defined in seed note_rows (accounts, lines, units, counterparts,
-- voucher texts), titles, signs and Summa rows in seed report_notes. SEK with öre in *_amount, whole tkr
-- in *_tkr, each printed figure rounded on its own (so rows may not add up to the printed Summa).
with flows as (
    select * from {{ ref('int_note_rows_at_report_columns') }}
),

balances as (
    select * from {{ ref('int_note_rows_matched_to_balances') }}
),

notes as (
    select * from {{ ref('int_entity__report_notes') }}
),

rules as (
    select * from {{ ref('int_entity__note_rows') }}
),

unit_notes as (
    select unit_code, note_no from {{ ref('int_entity__unit_contribution_lines') }}
),

report_columns as (
    select * from {{ ref('int_report_period_columns') }}
),

periods as (
    select * from {{ ref('int_report_periods') }}
),

cells as (
    select report_period, period_column, note_no, row_label, 'flow' as row_kind, min(sort_order) as sort_order,
        sum(amount) as amount
    from flows
    group by report_period, period_column, note_no, row_label
    union all
    select report_period, period_column, note_no, row_label, row_kind, min(sort_order), sum(amount)
    from balances
    group by report_period, period_column, note_no, row_label, row_kind
),

always_shown as (
    -- fixed rows printed even when empty; a rule without note_no stands for every unit's note
    select distinct periods.report_period, coalesce(rules.note_no, unit_notes.note_no) as note_no, rules.row_label,
        rules.row_kind, rules.sort_order
    from periods
    cross join rules
    left join unit_notes on rules.note_no is null
    where rules.always_show and rules.row_label is not null
),

row_keys as (
    select report_period, note_no, row_label, row_kind, min(sort_order) as sort_order
    from (
        select report_period, note_no, row_label, row_kind, sort_order from cells
        union all
        select report_period, note_no, row_label, row_kind, sort_order from always_shown
    ) as keys
    group by all
),

available as (
    select
        report_period,
        bool_or(period_column = 'same_period_prior_year') as has_prior_period,
        bool_or(period_column = 'prior_year') as has_prior_year
    from report_columns
    group by report_period
),

note_rows_pivoted as (
    select
        row_keys.report_period,
        row_keys.note_no,
        row_keys.row_label,
        row_keys.sort_order,
        row_keys.row_kind,
        case when available.has_prior_period
            then coalesce(sum(cells.amount) filter (where cells.period_column = 'same_period_prior_year'), 0) * notes.row_sign
        end as prior_period_amount,
        case when available.has_prior_year
            then coalesce(sum(cells.amount) filter (where cells.period_column = 'prior_year'), 0) * notes.row_sign
        end as prior_year_amount,
        coalesce(sum(cells.amount) filter (where cells.period_column = 'current'), 0) * notes.row_sign as current_amount
    from row_keys
    inner join notes using (note_no)
    inner join available using (report_period)
    left join cells
        on cells.report_period = row_keys.report_period
        and cells.note_no = row_keys.note_no
        and cells.row_label = row_keys.row_label
        and cells.row_kind = row_keys.row_kind
    group by row_keys.report_period, row_keys.note_no, row_keys.row_label, row_keys.row_kind, row_keys.sort_order,
        notes.row_sign,
        available.has_prior_period, available.has_prior_year
),

shown_rows as (
    select note_rows_pivoted.*
    from note_rows_pivoted
    left join (select distinct report_period, note_no, row_label from always_shown) as fixed
        using (report_period, note_no, row_label)
    where fixed.row_label is not null
        or coalesce(prior_period_amount, 0) <> 0
        or coalesce(prior_year_amount, 0) <> 0
        or current_amount <> 0
),

summa_rows as (
    select
        shown_rows.report_period,
        shown_rows.note_no,
        notes.summa_label as row_label,
        2147483647 as sort_order,
        'summa' as row_kind,
        sum(shown_rows.prior_period_amount) as prior_period_amount,
        sum(shown_rows.prior_year_amount) as prior_year_amount,
        sum(shown_rows.current_amount) as current_amount
    from shown_rows
    inner join notes using (note_no)
    where notes.summa_label is not null
    group by all
),

all_rows as (
    select * from shown_rows
    union all
    select * from summa_rows
),

final as (
    select
        all_rows.report_period,
        all_rows.note_no,
        notes.note_title,
        cast(row_number() over (
            partition by all_rows.report_period
            order by notes.sort_order, all_rows.sort_order, all_rows.row_label
        ) as integer) as row_order,
        all_rows.row_label,
        all_rows.row_kind,
        cast(all_rows.prior_period_amount as decimal(18, 2)) as prior_period_amount,
        cast(all_rows.prior_year_amount as decimal(18, 2)) as prior_year_amount,
        cast(all_rows.current_amount as decimal(18, 2)) as current_amount,
        {{ to_tkr('all_rows.prior_period_amount') }} as prior_period_tkr,
        {{ to_tkr('all_rows.prior_year_amount') }} as prior_year_tkr,
        {{ to_tkr('all_rows.current_amount') }} as current_tkr
    from all_rows
    inner join notes using (note_no)
)

select * from final
