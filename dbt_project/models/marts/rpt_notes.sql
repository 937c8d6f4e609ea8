-- Noter (2.3): notes 1–22 and "Övrigt", long format, for every closed month-end as report period. One
-- row per report period × note × printed row; three columns as printed: the same period of the prior
-- year, the whole prior year and the period (fiscal year to date) — movements for income-statement notes,
-- balances at the three dates for balance-sheet notes, and opening / movements / closing for the
-- roll-forwards (15, 19). Rows are defined in seed note_rows (accounts, lines, units, counterparts,
-- voucher texts), titles, signs and Summa rows in seed report_notes; rendered by int_note_rows_rendered.
-- SEK with öre in *_amount, whole tkr in *_tkr, each printed figure rounded on its own (so rows may not
-- add up to the printed Summa).
with final as (
    {{ printed_rows(ref('int_note_rows_rendered'), ['prior_period', 'prior_year', 'current']) }}
)

select * from final
