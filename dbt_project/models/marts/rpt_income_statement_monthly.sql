-- Resultaträkning per månad, wide (like `hledger is -M`): one row per fiscal year × printed line of the total
-- income statement (layout, labels and order of rpt_income_statement), one column per month of the fiscal
-- year: month_01_amount is the fiscal year's first month (January for a calendar year), … month_12_amount.
-- Each is the month's own periodiserat utfall (all vouchers), report sign, internal items eliminated, SEK
-- with öre, never rounded. Only closed months have figures: a month not closed yet is NULL (not zero).
-- year_to_date_amount is the sum of the closed months: rpt_income_statement's periodiserat_amount at
-- last_report_period. The long form, with utfall too, is rpt_income_statement_by_month; a fiscal year longer
-- than 12 months (a first or changed fiscal year may run 18) has its months 13–18 there only.
-- Size: ≤ fiscal years × income-statement lines (a pivot of rpt_income_statement_by_month).
with final as (
    select
        fiscal_year_start,
        {{ printed_line_columns() }},
        {%- for month in range(1, 13) %}
            cast(sum(periodiserat_amount) filter (where month_no = {{ month }}) as decimal(18, 2))
                as month_{{ '%02d' % month }}_amount,
        {%- endfor %}
        cast(max(month_no) as integer) as closed_months,
        max(report_period) as last_report_period,
        cast(sum(periodiserat_amount) as decimal(18, 2)) as year_to_date_amount
    from {{ ref('rpt_income_statement_by_month') }}
    group by fiscal_year_start, {{ printed_line_columns() }}
)

select * from final
