-- One row per setting × list position in force for this build: what entity.toml says, else the default
-- (kind kommunalforbund; the SIE standard's dimensions 1 / 6 / 8; the name from #FNAMN of the newest
-- ledger export). origin says which; file and line name where a setting was written.
with newest_export as (
    select company_name
    from {{ ref('stg_sie__files') }}
    where company_name is not null
    order by fiscal_year_start desc, generated_on desc nulls last
    limit 1
),

defaults as (
    select section, setting_key, 1 as position, setting_value
    from (
        values
        ('entity', 'kind', 'kommunalforbund'),
        ('dimensions', 'unit', '1'),
        ('dimensions', 'project', '6'),
        ('dimensions', 'counterpart', '8')
    -- the alias names the VALUES columns (sqlfluff reads it as an unused table alias)
    ) as fixed (section, setting_key, setting_value)  -- noqa: AL05
    union all
    select 'entity' as section, 'name' as setting_key, 1 as position, company_name as setting_value
    from newest_export
),

final as (
    select
        section, setting_key, section || '.' || setting_key as setting, position, setting_value,
        'entity.toml' as origin, source_file_name, source_file_sha256, line_no
    from {{ ref('stg_entity__settings') }}
    union all
    select
        defaults.section,
        defaults.setting_key,
        defaults.section || '.' || defaults.setting_key as setting,
        defaults.position,
        defaults.setting_value,
        'default' as origin,
        null as source_file_name,
        null as source_file_sha256,
        null as line_no
    from defaults
    where not exists (
            select 1 from {{ ref('stg_entity__settings') }} as profile
            where profile.section = defaults.section and profile.setting_key = defaults.setting_key
        )
)

select * from final
