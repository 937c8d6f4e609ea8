-- One row per month × unit × pay item × account: the payroll amounts, quantities and the number of
-- employees paid. The pseudonymous employee_key is counted here and goes no further.
with payroll_lines as (
    select * from {{ ref('stg_payroll__payroll_lines') }}
),

final as (
    select
        month_end,
        pay_period,
        unit_code,
        pay_item,
        max(pay_item_name) as pay_item_name,
        account,
        cast(sum(amount) as decimal(18, 2)) as amount,
        cast(sum(quantity) as decimal(18, 4)) as quantity,
        count(distinct employee_key) as headcount,
        count(*) as line_count
    from payroll_lines
    group by month_end, pay_period, unit_code, pay_item, account
)

select * from final
