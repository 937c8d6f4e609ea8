with final as (
    select
        {{ sie_file_lineage() }},
        record_type,
        record_text,
        line_no
    from {{ source('sie', 'sie_other_records') }}
)

select * from final
