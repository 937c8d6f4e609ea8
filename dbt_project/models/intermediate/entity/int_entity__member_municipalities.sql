-- One row per municipality of [members] in entity.toml: its counterpart object code (dim 8, or the
-- profile's counterpart dimension) and status, medlem (member) or adjungerad (co-opted). No [members]:
-- no rows (a kommun, or a förbund that lists none).
with final as (
    select
        setting_key as counterpart_code,
        setting_value as status,
        source_file_name,
        line_no
    from {{ ref('stg_entity__settings') }}
    where section = 'members'
)

select * from final
