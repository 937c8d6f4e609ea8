with final as (
    select
        {{ sie_balance_year() }},
        account,
        cast(dimension_no as varchar) as dimension_no,
        object_code,
        cast(amount as decimal(18, 2)) as amount,
        quantity,
        line_no
    from {{ source('sie', 'sie_balances') }}
)

select * from final
