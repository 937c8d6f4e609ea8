with final as (
    select
        pay_period,
        cast(last_day(cast(pay_period || '-01' as date)) as date) as month_end,
        payment_date,
        employee_key,
        unit as unit_code,
        pay_item,
        pay_item_name,
        account,
        quantity,
        cast(amount as decimal(18, 2)) as amount,
        {{ source_row_lineage() }}
    from {{ source('payroll', 'payroll_lines') }}
)

select * from final
