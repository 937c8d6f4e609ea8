-- Saldobalans (trial balance): one row per report period (closed month-end) × account × unit, with the
-- opening balance of the fiscal year (IB; 0 for result accounts), the movement of the report month, the
-- movement from the fiscal year's start through the month-end and the closing balance (UB = IB + movement),
-- with the account's name and the report line it maps to. Ledger sign (debit positive), SEK with öre, never
-- rounded. Summed from the monthly cells of int_balances_aggregated_to_month (already one row per month ×
-- account × unit × counterpart), so no posting is read per report period. #IB carries no objects: an
-- account's IB sits on the row without a unit. A combination with neither IB nor movement so far in the year
-- is left out (nothing to show; every sum is unchanged).
-- Size: ≤ accounts × units × closed months.
with periods as (
    select report_period, fiscal_year_start from {{ ref('int_report_periods') }}
),

lines as (
    select statement, line_code, label from {{ ref('int_entity__report_lines') }}
),

units as (
    {{ dimension_objects('unit') }}
),

cells as (
    -- the opening amount sits in the fiscal year's first month only: summed over the months so far it is IB
    select
        monthly.fiscal_year_start,
        monthly.month_end,
        monthly.account,
        monthly.unit_code,
        sum(monthly.opening_amount) as opening_amount,
        sum(monthly.movement_amount) as month_movement_amount,
        sum(monthly.ytd_movement_amount) as movement_amount
    from {{ ref('int_balances_aggregated_to_month') }} as monthly
    group by all
),

year_openings as (
    select fiscal_year_start, account, unit_code, sum(opening_amount) as opening_amount
    from cells
    group by all
),

final as (
    select
        periods.report_period,
        periods.fiscal_year_start,
        cells.account,
        accounts.account_name,
        accounts.account_kind,
        accounts.statement,
        accounts.line_code,
        lines.label as line_label,
        accounts.is_internal,
        cells.unit_code,
        units.unit_name,
        cast(
            case when accounts.account_kind = 'balance' then coalesce(year_openings.opening_amount, 0) else 0 end
            as decimal(18, 2)
        ) as opening_amount,
        cast(cells.month_movement_amount as decimal(18, 2)) as month_movement_amount,
        cast(cells.movement_amount as decimal(18, 2)) as movement_amount,
        cast(
            case when accounts.account_kind = 'balance' then coalesce(year_openings.opening_amount, 0) else 0 end
            + cells.movement_amount as decimal(18, 2)
        ) as closing_amount
    from cells
    inner join periods
        on periods.report_period = cells.month_end
        and periods.fiscal_year_start = cells.fiscal_year_start
    left join year_openings
        on year_openings.fiscal_year_start = cells.fiscal_year_start
        and year_openings.account = cells.account
        and year_openings.unit_code is not distinct from cells.unit_code
    left join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts on accounts.account = cells.account
    left join lines on lines.statement = accounts.statement and lines.line_code = accounts.line_code
    left join units on units.unit_code = cells.unit_code
    where (accounts.account_kind = 'balance' and coalesce(year_openings.opening_amount, 0) <> 0)
        or cells.movement_amount <> 0
        or cells.month_movement_amount <> 0
)

select * from final
