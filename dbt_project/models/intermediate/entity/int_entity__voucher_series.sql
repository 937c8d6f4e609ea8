-- One row per voucher series of the ledger (and any the profile names): whether it holds the period-end
-- accruals (periodiseringar: utfall → periodiserat utfall) or journals posted from the payroll system,
-- from [voucher_series] of entity.toml. SIE4 names no series, so nothing else is known of them.
with settings as (
    select setting_key, setting_value as series
    from {{ ref('stg_entity__settings') }}
    where section = 'voucher_series'
),

series as (
    select distinct voucher_series as series from {{ ref('stg_sie__vouchers') }}
    union
    select series from settings
),

final as (
    select
        series.series,
        series.series in (
            select settings.series from settings
            where settings.setting_key = 'period_end_accruals'
        ) as is_period_end_accrual,
        series.series in (
            select settings.series from settings
            where settings.setting_key = 'payroll'
        ) as is_payroll_journal
    from series
)

select * from final
