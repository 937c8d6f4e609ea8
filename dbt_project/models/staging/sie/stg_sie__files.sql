with final as (
    select
        source_file_name,
        source_file_sha256,
        loaded_at,
        fiscal_year_start,
        fiscal_year_end,
        company_name,
        orgnr,
        program,
        program_version,
        generated_on,
        chart_of_accounts_type,
        currency,
        encoding,
        ksumma_status,
        voucher_count,
        posting_count
    from {{ source('sie', 'sie_files') }}
)

select * from final
