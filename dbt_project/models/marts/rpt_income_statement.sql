-- The total income statement in the layout of 2.1.1, for every closed month-end as report period: the
-- change within the fiscal year to date. Columns: periodiserat utfall (accrual-adjusted outcome) for the
-- same period of the prior year, utfall (outcome without the period-end accrual series), periodiserat
-- utfall, the full-year budget and the full-year forecast (prognos; made gross per unit, so not
-- eliminated, as published). Internal items are eliminated. Rows as rendered by
-- int_income_statement_rows_rendered; SEK with öre in *_amount, whole tkr (each printed figure rounded on
-- its own) in *_tkr.
with final as (
    {{ printed_rows(ref('int_income_statement_rows_rendered'), income_statement_columns()) }}
)

select * from final
