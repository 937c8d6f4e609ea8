-- Every note ties to the statement line that refers to it (same note_no in rpt_income_statement or
-- rpt_balance_sheet), in every column, to the öre: the Summa row (or, without one, the sum of the
-- note's rows) for income-statement notes; the closing balance rows for balance-sheet notes (the
-- "Utgående" row of a roll-forward). The note's own sign (costs positive in note 2, for instance) is
-- turned into the statement's by the seeds' signs. Returns each note, period and column that differs.
with note_signs as (
    select note_no, row_sign from {{ ref('int_entity__report_notes') }}
),

note_values as (
    -- closing rows when the note has any, else the Summa row when printed, else all rows
    select
        report_period,
        note_no,
        case
            when bool_or(row_kind = 'closing') then sum(prior_period_amount) filter (where row_kind = 'closing')
            when bool_or(row_kind = 'summa') then sum(prior_period_amount) filter (where row_kind = 'summa')
            else sum(prior_period_amount)
        end as prior_period_amount,
        case
            when bool_or(row_kind = 'closing') then sum(prior_year_amount) filter (where row_kind = 'closing')
            when bool_or(row_kind = 'summa') then sum(prior_year_amount) filter (where row_kind = 'summa')
            else sum(prior_year_amount)
        end as prior_year_amount,
        case
            when bool_or(row_kind = 'closing') then sum(current_amount) filter (where row_kind = 'closing')
            when bool_or(row_kind = 'summa') then sum(current_amount) filter (where row_kind = 'summa')
            else sum(current_amount)
        end as current_amount
    from {{ ref('rpt_notes') }}
    group by report_period, note_no
),

line_signs as (
    select line_code, report_sign from {{ ref('int_entity__report_lines') }}
),

income_statement as (
    select
        current_period.report_period,
        current_period.note_no,
        line_signs.report_sign,
        current_period.periodiserat_prior_amount as prior_period_amount,
        prior_year_end.periodiserat_amount as prior_year_amount,
        current_period.periodiserat_amount as current_amount
    from {{ ref('rpt_income_statement') }} as current_period
    inner join {{ ref('int_report_periods') }} as periods using (report_period)
    inner join line_signs using (line_code)
    left join {{ ref('rpt_income_statement') }} as prior_year_end
        on prior_year_end.report_period = periods.prior_year_end
        and prior_year_end.line_code = current_period.line_code
        and prior_year_end.unit_code is not distinct from current_period.unit_code
    where current_period.note_no is not null
),

balance_sheet as (
    select
        balance.report_period,
        balance.note_no,
        line_signs.report_sign,
        balance.amount_at_same_date_prior_year as prior_period_amount,
        balance.amount_at_prior_year_end as prior_year_amount,
        balance.amount_at_report_date as current_amount
    from {{ ref('rpt_balance_sheet') }} as balance
    inner join line_signs using (line_code)
    where balance.note_no is not null
),

statement_values as (
    -- several lines may refer to one note (the member contributions of every unit to one default note)
    select
        report_period, note_no, report_sign,
        sum(prior_period_amount) as prior_period_amount,
        sum(prior_year_amount) as prior_year_amount,
        sum(current_amount) as current_amount
    from (
        select * from income_statement
        union all
        select * from balance_sheet
    ) as statement_notes
    group by report_period, note_no, report_sign
),

compared as (
    select
        statement_values.report_period,
        statement_values.note_no,
        -- note value = factor × statement value (a group line without its own sign prints as the note does)
        note_signs.row_sign * coalesce(statement_values.report_sign, note_signs.row_sign) as factor,
        -- a note with no printed row at all (every row empty) holds zero in every known column
        case when note_values.note_no is not null then note_values.prior_period_amount
            when statement_values.prior_period_amount is not null then 0
        end as note_prior_period,
        statement_values.prior_period_amount as statement_prior_period,
        case when note_values.note_no is not null then note_values.prior_year_amount
            when statement_values.prior_year_amount is not null then 0
        end as note_prior_year,
        statement_values.prior_year_amount as statement_prior_year,
        coalesce(note_values.current_amount, 0) as note_current,
        statement_values.current_amount as statement_current
    from statement_values
    inner join note_signs using (note_no)
    left join note_values using (report_period, note_no)
)

select *
from compared
where note_current is distinct from factor * statement_current
    -- a comparison column the notes leave unknown (the year before the first loaded one) is not compared
    or (note_prior_period is not null and note_prior_period is distinct from factor * statement_prior_period)
    or (note_prior_year is not null and note_prior_year is distinct from factor * statement_prior_year)
