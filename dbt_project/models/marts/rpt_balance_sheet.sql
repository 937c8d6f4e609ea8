-- The balance sheet in the layout of 2.2, for every closed month-end as report period: the balances at
-- the report date, at the end of the prior fiscal year and at the same date of the prior year. Group and
-- total rows sum the lines below them; "Därav" (of-which) rows show a part of their group. SEK with öre
-- in *_amount, whole tkr (each printed figure rounded on its own) in *_tkr.
with periods as (
    select * from {{ ref('int_report_periods') }}
),

balances as (
    select * from {{ ref('int_balance_sheet_lines_at_date') }}
),

balance_dates as (
    select distinct balance_date from balances
),

lines as (
    select * from {{ ref('int_entity__report_lines') }}
    where statement = 'balance_sheet'
),

ancestry as (
    select line_code, ancestor_code from {{ ref('int_report_line_ancestry') }}
    where statement = 'balance_sheet'
),

node_amounts as (
    select
        balances.balance_date,
        ancestry.ancestor_code as line_code,
        sum(balances.amount) as amount
    from balances
    inner join ancestry using (line_code)
    group by all
),

report_rows as (
    select
        periods.report_period,
        periods.fiscal_year_start,
        periods.prior_year_end,
        periods.same_date_prior_year,
        lines.line_code,
        lines.label,
        lines.level,
        lines.sort_order,
        lines.note_no,
        lines.always_show,
        coalesce(at_report_date.amount, 0) as amount_at_report_date,
        -- a comparison date the loaded books do not reach is unknown (NULL), not zero
        case when prior_end_dates.balance_date is not null then coalesce(at_prior_year_end.amount, 0) end
            as amount_at_prior_year_end,
        case when prior_same_dates.balance_date is not null then coalesce(at_same_date.amount, 0) end
            as amount_at_same_date_prior_year
    from periods
    cross join lines
    left join node_amounts as at_report_date
        on at_report_date.balance_date = periods.report_period and at_report_date.line_code = lines.line_code
    left join balance_dates as prior_end_dates on prior_end_dates.balance_date = periods.prior_year_end
    left join node_amounts as at_prior_year_end
        on at_prior_year_end.balance_date = periods.prior_year_end and at_prior_year_end.line_code = lines.line_code
    left join balance_dates as prior_same_dates on prior_same_dates.balance_date = periods.same_date_prior_year
    left join node_amounts as at_same_date
        on at_same_date.balance_date = periods.same_date_prior_year and at_same_date.line_code = lines.line_code
    where lines.level <> 'hidden'
),

final as (
    select
        report_period,
        fiscal_year_start,
        prior_year_end,
        same_date_prior_year,
        cast(row_number() over (partition by report_period order by sort_order) as integer) as row_order,
        line_code,
        label,
        level,
        note_no,
        cast(amount_at_same_date_prior_year as decimal(18, 2)) as amount_at_same_date_prior_year,
        cast(amount_at_prior_year_end as decimal(18, 2)) as amount_at_prior_year_end,
        cast(amount_at_report_date as decimal(18, 2)) as amount_at_report_date,
        {{ to_tkr('amount_at_same_date_prior_year') }} as at_same_date_prior_year_tkr,
        {{ to_tkr('amount_at_prior_year_end') }} as at_prior_year_end_tkr,
        {{ to_tkr('amount_at_report_date') }} as at_report_date_tkr
    from report_rows
    where always_show
        or amount_at_report_date <> 0
        or coalesce(amount_at_prior_year_end, 0) <> 0
        or coalesce(amount_at_same_date_prior_year, 0) <> 0
)

select * from final
