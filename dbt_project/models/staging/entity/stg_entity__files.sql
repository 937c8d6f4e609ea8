-- One row per profile file loaded tonight (entity.toml, entity/<table>.csv).
with source as (
    {{ source_or_empty('entity', 'entity_files', {'file_kind': 'varchar', 'row_count': 'integer'}) }}
),

final as (
    select source_file_name, source_file_sha256, loaded_at, file_kind, row_count from source
)

select * from final
