-- One row per fiscal year exported as year 0 of a loaded SIE file, with the last month that has vouchers.
with files as (
    select * from {{ ref('stg_sie__files') }}
),

vouchers as (
    select * from {{ ref('stg_sie__vouchers') }}
),

last_voucher as (
    select fiscal_year_start, max(voucher_date) as last_voucher_date
    from vouchers
    group by fiscal_year_start
),

final as (
    select
        files.fiscal_year_start,
        files.fiscal_year_end,
        files.source_file_name,
        files.generated_on,
        last_voucher.last_voucher_date,
        -- the last month-end the books reach: a report can be produced for every month up to it
        least(
            files.fiscal_year_end,
            last_day(coalesce(last_voucher.last_voucher_date, files.fiscal_year_start))
        ) as last_month_end
    from files
    left join last_voucher using (fiscal_year_start)
)

select * from final
