with final as (
    select
        source_file_name,
        source_file_sha256,
        fiscal_year_start as file_fiscal_year_start,
        record_type,
        year_index,
        year_start as fiscal_year_start,
        year_end as fiscal_year_end,
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
