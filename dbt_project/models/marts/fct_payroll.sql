-- One row per month × unit × pay item × account: what the payroll paid and booked, and to how many
-- employees. Never per person: the pseudonymous employee key is aggregated away in intermediate.
with payroll as (
    select * from {{ ref('int_payroll_aggregated_to_month') }}
),

units as (
    select object_code, object_name
    from {{ ref('stg_sie__objects') }}
    where dimension_no = {{ entity_dimension('unit') }}
    qualify row_number() over (partition by object_code order by fiscal_year_start desc) = 1
),

final as (
    select
        payroll.month_end,
        payroll.pay_period,
        payroll.unit_code,
        units.object_name as unit_name,
        payroll.pay_item,
        payroll.pay_item_name,
        payroll.account,
        payroll.amount,
        payroll.quantity,
        payroll.headcount
    from payroll
    left join units on units.object_code = payroll.unit_code
)

select * from final
