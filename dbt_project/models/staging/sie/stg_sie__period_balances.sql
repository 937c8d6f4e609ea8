with final as (
    select
        {{ sie_balance_year() }},
        period,
        period_start,
        account,
        objects,
        {{ sie_object_codes('objects') }},
        cast(amount as decimal(18, 2)) as amount,
        quantity,
        line_no
    from {{ source('sie', 'sie_period_balances') }}
)

select * from final
