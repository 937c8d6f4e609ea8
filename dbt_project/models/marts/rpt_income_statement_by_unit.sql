-- The income statement of each unit (2.1.2–2.1.11): the change within the fiscal year to date, units
-- gross (internal sales and purchases included), for every closed month-end as report period. Same
-- columns as 2.1.1: periodiserat utfall of the same period of the prior year, utfall, periodiserat utfall,
-- budget and forecast for the whole year. Rows as rendered by int_income_statement_by_unit_rows_rendered;
-- SEK with öre in *_amount, whole tkr in *_tkr.
with final as (
    {{ printed_rows(ref('int_income_statement_by_unit_rows_rendered'), income_statement_columns()) }}
)

select * from final
