with final as (
    select
        {{ sie_file_lineage() }},
        cast(dimension_no as varchar) as dimension_no,
        dimension_name,
        cast(parent_dimension_no as varchar) as parent_dimension_no,
        line_no
    from {{ source('sie', 'sie_dimensions') }}
)

select * from final
