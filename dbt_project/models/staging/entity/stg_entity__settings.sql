-- One row per setting × list position of entity.toml (section, key, value as text), with file and line.
with source as (
    {{ source_or_empty('entity', 'entity_settings', {'section': 'varchar', 'setting_key': 'varchar',
        'position': 'integer', 'setting_value': 'varchar'}) }}
),

final as (
    select
        section,
        setting_key,
        section || '.' || setting_key as setting,
        position,
        setting_value,
        {{ source_row_lineage() }}
    from source
)

select * from final
