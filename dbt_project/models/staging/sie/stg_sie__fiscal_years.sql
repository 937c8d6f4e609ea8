with final as (
    select
        source_file_name,
        source_file_sha256,
        fiscal_year_start as file_fiscal_year_start,
        year_index,
        start_date as fiscal_year_start,
        end_date as fiscal_year_end,
        line_no
    from {{ source('sie', 'sie_fiscal_years') }}
)

select * from final
