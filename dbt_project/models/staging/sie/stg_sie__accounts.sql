with final as (
    select
        {{ sie_file_lineage() }},
        account,
        account_name,
        account_type,
        sru_code,
        line_no
    from {{ source('sie', 'sie_accounts') }}
)

select * from final
