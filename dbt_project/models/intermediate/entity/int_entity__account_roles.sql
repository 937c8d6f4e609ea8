-- One row per account role × account range of the profile ([accounts] of entity.toml): "NNNN" is the
-- account and its sub-accounts (from = to = NNNN), "NNNN-MMMM" a range (macro account_in_range).
with settings as (
    select * from {{ ref('stg_entity__settings') }}
    where section = 'accounts'
),

final as (
    select
        setting_key as account_role,
        setting_value as account_spec,
        split_part(setting_value, '-', 1) as account_from,
        coalesce(nullif(split_part(setting_value, '-', 2), ''), split_part(setting_value, '-', 1)) as account_to,
        source_file_name,
        line_no
    from settings
)

select * from final
