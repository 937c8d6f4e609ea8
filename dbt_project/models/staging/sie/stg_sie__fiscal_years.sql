with final as (
    select
        {{ sie_file_lineage(year_as='file_fiscal_year_start') }},
        year_index,
        start_date as fiscal_year_start,
        end_date as fiscal_year_end,
        line_no
    from {{ source('sie', 'sie_fiscal_years') }}
)

select * from final
