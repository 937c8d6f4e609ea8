with final as (
    select
        source_file_name,
        source_file_sha256,
        fiscal_year_start,
        cast(dimension_no as varchar) as dimension_no,
        object_code,
        object_name,
        line_no
    from {{ source('sie', 'sie_objects') }}
)

select * from final
