-- The balance sheet (2.2) as printed rows, one row per report period × printed line: the balances of the
-- leaf lines at the report date, at the end of the prior fiscal year and at the same date of the prior
-- year, and the groups and totals above them in the parent_code tree ("Därav" lines are printed parts of
-- their group; hidden lines count in their group but are not printed), rendered by render_report_rows.
-- Report sign (assets as booked, equity/provisions/liabilities flipped), SEK with öre, unrounded. A
-- comparison date the loaded books do not reach is unknown (NULL). Size: report periods × lines.
with balance_dates as (
    select distinct balance_date from {{ ref('int_balance_sheet_lines_at_date') }}
),

lines as (
    select * from {{ ref('int_entity__report_lines') }}
    where statement = 'balance_sheet'
),

period_lines as (
    -- each line of the layout at each report period, with what its printed row carries besides the figures
    select
        periods.report_period, lines.line_code, lines.label, lines.level, lines.note_no, lines.sort_order,
        lines.always_show
    from {{ ref('int_report_periods') }} as periods cross join lines
),

leaf_rows as (
    select
        period_lines.*,
        -- a comparison date the loaded books do not reach is unknown (NULL), not zero
        case when same_dates.balance_date is not null then coalesce(at_same_date.amount, 0) end
            as at_same_date_prior_year_amount,
        case when prior_end_dates.balance_date is not null then coalesce(at_prior_year_end.amount, 0) end
            as at_prior_year_end_amount,
        coalesce(at_report_date.amount, 0) as at_report_date_amount
    from period_lines
    inner join {{ ref('int_report_periods') }} as periods using (report_period)
    left join {{ ref('int_balance_sheet_lines_at_date') }} as at_report_date
        on at_report_date.balance_date = periods.report_period and at_report_date.line_code = period_lines.line_code
    left join balance_dates as prior_end_dates on prior_end_dates.balance_date = periods.prior_year_end
    left join {{ ref('int_balance_sheet_lines_at_date') }} as at_prior_year_end
        on at_prior_year_end.balance_date = periods.prior_year_end
        and at_prior_year_end.line_code = period_lines.line_code
    left join balance_dates as same_dates on same_dates.balance_date = periods.same_date_prior_year
    left join {{ ref('int_balance_sheet_lines_at_date') }} as at_same_date
        on at_same_date.balance_date = periods.same_date_prior_year and at_same_date.line_code = period_lines.line_code
    where period_lines.level in ('line', 'hidden', 'of-which')
),

total_rows as (
    select * from period_lines
    where level in ('group', 'total')
),

{{ render_report_rows('leaf_rows', 'total_rows', report='balance_sheet', partition_by=['report_period'],
    columns=['at_same_date_prior_year', 'at_prior_year_end', 'at_report_date']) }},

final as (
    select
        rendered.report_period,
        periods.fiscal_year_start,
        periods.prior_year_end,
        periods.same_date_prior_year,
        rendered.row_order,
        rendered.line_code,
        rendered.label,
        rendered.level,
        rendered.note_no,
        rendered.at_same_date_prior_year_amount,
        rendered.at_prior_year_end_amount,
        rendered.at_report_date_amount
    from rendered
    inner join {{ ref('int_report_periods') }} as periods using (report_period)
)

select * from final
