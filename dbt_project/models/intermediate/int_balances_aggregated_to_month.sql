-- One row per fiscal year × month × account × unit (dim 1) × counterpart (dim 8): the month's movement,
-- the part of it booked in period-end accrual series, the year-to-date movement and the closing balance
-- (#IB of the fiscal year + every #TRANS up to the month-end). Months without movement are filled in so
-- that every month-end has a balance.
with opening_balances as (
    -- #IB carries no objects: the opening balance sits on the account without unit or counterpart
    select
        fiscal_year_start,
        account,
        cast(null as varchar) as unit_code,
        cast(null as varchar) as counterpart_code,
        sum(amount) as opening_amount
    from {{ ref('stg_sie__balances') }}
    where record_type = 'IB' and year_index = 0
    group by all
),

movements as (
    select
        fiscal_year_start,
        cast(date_trunc('month', voucher_date) as date) as month_start,
        account,
        unit_code,
        counterpart_code,
        sum(amount) as movement_amount,
        sum(case when is_period_end_accrual then amount else 0 end) as accrual_movement_amount
    from {{ ref('int_postings_joined_to_vouchers') }}
    group by all
),

combinations as (
    select distinct fiscal_year_start, account, unit_code, counterpart_code from movements
    union
    select distinct fiscal_year_start, account, unit_code, counterpart_code from opening_balances
),

months as (
    select
        fiscal_year_start,
        cast(date_trunc('month', report_period) as date) as month_start,
        report_period as month_end
    from {{ ref('int_report_periods') }}
),

grid as (
    select
        combinations.fiscal_year_start,
        months.month_start,
        months.month_end,
        combinations.account,
        combinations.unit_code,
        combinations.counterpart_code
    from combinations
    inner join months using (fiscal_year_start)
),

joined as (
    select
        grid.*,
        case when grid.month_start = grid.fiscal_year_start then coalesce(opening_balances.opening_amount, 0) else 0 end
            as opening_amount,
        coalesce(movements.movement_amount, 0) as movement_amount,
        coalesce(movements.accrual_movement_amount, 0) as accrual_movement_amount
    from grid
    left join movements
        on movements.fiscal_year_start = grid.fiscal_year_start
        and movements.month_start = grid.month_start
        and movements.account = grid.account
        and movements.unit_code is not distinct from grid.unit_code
        and movements.counterpart_code is not distinct from grid.counterpart_code
    left join opening_balances
        on opening_balances.fiscal_year_start = grid.fiscal_year_start
        and opening_balances.account = grid.account
        and opening_balances.unit_code is not distinct from grid.unit_code
        and opening_balances.counterpart_code is not distinct from grid.counterpart_code
),

final as (
    select
        fiscal_year_start,
        month_start,
        month_end,
        account,
        unit_code,
        counterpart_code,
        cast(opening_amount as decimal(18, 2)) as opening_amount,
        cast(movement_amount as decimal(18, 2)) as movement_amount,
        cast(accrual_movement_amount as decimal(18, 2)) as accrual_movement_amount,
        cast(sum(movement_amount) over cumulative as decimal(18, 2)) as ytd_movement_amount,
        cast(sum(accrual_movement_amount) over cumulative as decimal(18, 2)) as ytd_accrual_movement_amount,
        cast(sum(opening_amount + movement_amount) over cumulative as decimal(18, 2)) as closing_balance
    from joined
    window cumulative as (
        partition by fiscal_year_start, account, unit_code, counterpart_code
        order by month_start
        rows between unbounded preceding and current row
    )
)

select * from final
