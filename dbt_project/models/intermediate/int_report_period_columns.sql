-- One row per report period × period column: the span of days each column of a report covers. The
-- columns are the fiscal year to date ('current'), the same span of the prior fiscal year
-- ('same_period_prior_year') and the whole prior fiscal year ('prior_year'). A comparison column whose
-- end the loaded books do not reach is left out (the reports show it as unknown, not zero).
with columns_wanted as (
    select report_period, 'current' as period_column, fiscal_year_start as span_start, report_period as span_end
    from {{ ref('int_report_periods') }}
    union all
    -- two of the prior fiscal year: the same span of it, and all of it
    select
        periods.report_period,
        prior_columns.period_column,
        prior_year.fiscal_year_start,
        case prior_columns.period_column
            when 'same_period_prior_year' then periods.same_date_prior_year
            else prior_year.fiscal_year_end
        end as span_end
    from {{ ref('int_report_periods') }} as periods
    inner join {{ ref('int_fiscal_years') }} as prior_year on prior_year.fiscal_year_end = periods.prior_year_end
    cross join (values ('same_period_prior_year'), ('prior_year')) as prior_columns (period_column)
),

final as (
    select
        columns_wanted.report_period,
        columns_wanted.period_column,
        cast(columns_wanted.span_start as date) as span_start,
        cast(columns_wanted.span_end as date) as span_end,
        cast(columns_wanted.span_start - interval 1 day as date) as opening_date
    from columns_wanted
    -- the books must reach the end of the span
    inner join {{ ref('int_report_periods') }} as reached on reached.report_period = columns_wanted.span_end
)

select * from final
