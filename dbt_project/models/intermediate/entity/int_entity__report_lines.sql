-- One row per statement × line in force: the default layout of the entity's kind (seed report_lines,
-- column entity_kinds: empty = every kind) with entity/report_lines.csv layered over it by (statement,
-- line_code), and the labels of [labels] in entity.toml.
with layered as (
    {{ layer_entity_rows('report_lines', ['statement', 'line_code'],
        "defaults.entity_kinds is null or list_contains(string_split(defaults.entity_kinds, ';'), " ~ entity_kind() ~ ")") }}
),

final as (
    select
        layered.statement,
        layered.line_code,
        coalesce(labels.setting_value, layered.label) as label,
        layered.level,
        layered.sort_order,
        layered.parent_code,
        layered.note_no,
        layered.report_sign,
        layered.always_show,
        layered.split_by_unit,
        case when labels.setting_value is not null then 'entity.toml [labels]' else layered.origin end as origin
    from layered
    left join {{ ref('stg_entity__settings') }} as labels
        on labels.section = 'labels' and labels.setting_key = layered.line_code
)

select * from final
