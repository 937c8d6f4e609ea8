-- The balance sheet in the layout of 2.2, for every closed month-end as report period: the balances at
-- the report date, at the end of the prior fiscal year and at the same date of the prior year. Group and
-- total rows sum the lines below them; "Därav" (of-which) rows show a part of their group. Rows as
-- rendered by int_balance_sheet_rows_rendered; SEK with öre in amount_at_*, whole tkr (each printed
-- figure rounded on its own) in *_tkr.
with final as (
    select
        report_period,
        fiscal_year_start,
        prior_year_end,
        same_date_prior_year,
        row_order,
        line_code,
        label,
        level,
        note_no,
        {{ report_amounts(['at_same_date_prior_year', 'at_prior_year_end', 'at_report_date'], amount_first=true) }}
    from {{ ref('int_balance_sheet_rows_rendered') }}
)

select * from final
