with final as (
    select
        source_file_name,
        source_file_sha256,
        fiscal_year_start,
        record_type,
        record_text,
        line_no
    from {{ source('sie', 'sie_other_records') }}
)

select * from final
