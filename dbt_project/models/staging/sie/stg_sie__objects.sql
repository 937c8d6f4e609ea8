with final as (
    select
        {{ sie_file_lineage() }},
        cast(dimension_no as varchar) as dimension_no,
        object_code,
        object_name,
        line_no
    from {{ source('sie', 'sie_objects') }}
)

select * from final
