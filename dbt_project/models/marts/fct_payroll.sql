-- What the payroll paid and booked, for analysts and BI tools, never so fine that a row shows one person's
-- pay. A month × unit × pay item × account group is published as it is when at least min_group_size
-- employees are in it ([privacy] min_group_size of entity.toml, default 3, as statistics agencies do);
-- the pay items of smaller groups are merged into one "other pay items" row per month × unit × account,
-- and where that row still has too few employees, into one row per month × account across units; a row
-- that is still too small is printed with its headcount band but no amount or quantity. The ledger's
-- reconciliation uses the full amounts (int_payroll_aggregated_to_month), never this model.
-- Grain: one row per month × group (see group_level). Size: at most the month × unit × pay item × account
-- groups of the payroll.
with threshold as (
    select coalesce(max(cast(setting_value as integer)), 3) as min_group_size
    from {{ ref('stg_entity__settings') }}
    where section = 'privacy' and setting_key = 'min_group_size'
),

detail_groups as (
    select month_end, unit_code, pay_item, account, count(distinct employee_key) as headcount
    from {{ ref('stg_payroll__payroll_lines') }}
    group by all
),

small_detail_lines as (
    -- the lines of pay-item groups below the threshold
    select payroll_lines.*
    from {{ ref('stg_payroll__payroll_lines') }} as payroll_lines
    inner join detail_groups using (month_end, unit_code, pay_item, account)
    cross join threshold
    where detail_groups.headcount < threshold.min_group_size
),

unit_groups as (
    select month_end, unit_code, account, count(distinct employee_key) as headcount
    from small_detail_lines
    group by all
),

lines_grouped as (
    select
        payroll_lines.*,
        case
            when detail_groups.headcount >= threshold.min_group_size then 'pay_item'
            when unit_groups.headcount >= threshold.min_group_size then 'unit'
            else 'account'
        end as group_level
    from {{ ref('stg_payroll__payroll_lines') }} as payroll_lines
    cross join threshold
    inner join detail_groups using (month_end, unit_code, pay_item, account)
    left join unit_groups using (month_end, unit_code, account)
),

groups as (
    select
        month_end,
        pay_period,
        group_level,
        case when group_level in ('pay_item', 'unit') then unit_code end as unit_code,
        case when group_level = 'pay_item' then pay_item end as pay_item,
        case when group_level = 'pay_item' then max(pay_item_name) end as pay_item_name,
        account,
        sum(amount) as amount,
        sum(quantity) as quantity,
        count(distinct employee_key) as headcount
    from lines_grouped
    group by
        month_end, pay_period, group_level,
        case when group_level in ('pay_item', 'unit') then unit_code end,
        case when group_level = 'pay_item' then pay_item end,
        account
),

units as (
    {{ dimension_objects('unit') }}
),

final as (
    select
        groups.month_end,
        groups.pay_period,
        groups.group_level,
        groups.unit_code,
        units.unit_name,
        groups.pay_item,
        coalesce(
            groups.pay_item_name,
            'Övriga lönearter (färre än ' || threshold.min_group_size || ' anställda per löneart)'
        ) as pay_item_name,
        groups.account,
        groups.headcount >= threshold.min_group_size as is_published,
        case when groups.headcount >= threshold.min_group_size then cast(groups.amount as decimal(18, 2)) end as amount,
        case when groups.headcount >= threshold.min_group_size then cast(groups.quantity as decimal(18, 4)) end
            as quantity,
        -- a group below the threshold shows only that it is small, not how small
        case when groups.headcount >= threshold.min_group_size then groups.headcount end as headcount,
        threshold.min_group_size
    from groups
    cross join threshold
    left join units on units.unit_code = groups.unit_code
)

select * from final
