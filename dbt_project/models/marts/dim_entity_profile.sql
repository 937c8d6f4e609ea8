-- One row per setting of the entity profile in force for this build, so that an auditor sees which
-- settings made a figure: every entity.toml setting (file, line, sha256), every default that applied
-- (origin 'default'), and one row per entity/<table>.csv layered over the seeds (its sha256 and rows).
with final as (
    select
        settings.setting,
        settings.section,
        settings.setting_key,
        settings.position,
        settings.setting_value,
        settings.origin,
        settings.source_file_name,
        settings.line_no,
        coalesce(settings.source_file_sha256, files.source_file_sha256) as source_file_sha256,
        files.loaded_at
    from {{ ref('int_entity__settings') }} as settings
    left join {{ ref('stg_entity__files') }} as files using (source_file_name)
    union all
    select
        'layout.' || files.file_kind as setting,
        'layout' as section,
        files.file_kind as setting_key,
        1 as position,
        cast(files.row_count as varchar) || ' row(s)' as setting_value,
        'entity/' || files.file_kind || '.csv' as origin,
        files.source_file_name,
        null as line_no,
        files.source_file_sha256,
        files.loaded_at
    from {{ ref('stg_entity__files') }} as files
    where files.file_kind <> 'settings'
)

select * from final
