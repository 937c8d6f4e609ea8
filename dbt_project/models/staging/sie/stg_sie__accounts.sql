with final as (
    select
        source_file_name,
        source_file_sha256,
        fiscal_year_start,
        account,
        account_name,
        account_type,
        sru_code,
        line_no
    from {{ source('sie', 'sie_accounts') }}
)

select * from final
