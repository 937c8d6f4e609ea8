-- Resultaträkning total (2.1): the summary income statement for every closed month-end as report period,
-- with member contributions presented inside operating revenue. Columns: utfall for the period
-- (periodiserat utfall, fiscal year to date), utfall for the same period of the prior year, budget and
-- forecast for the whole year, and utfall for the whole prior year. Internal items eliminated (the
-- forecast is made gross, as published). Rows as rendered by int_income_statement_summary_rows_rendered;
-- SEK with öre in *_amount, whole tkr in *_tkr.
with final as (
    {{ printed_rows(ref('int_income_statement_summary_rows_rendered'),
        ['utfall', 'utfall_prior', 'budget', 'forecast', 'prior_year']) }}
)

select * from final
