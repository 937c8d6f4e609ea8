-- One row per statement × line in force: the default layout of the entity's kind (seed report_lines,
-- column entity_kinds: empty = every kind) with entity/report_lines.csv layered over it by (statement,
-- line_code), and the labels of [labels] in entity.toml.
with layered as (
    {{ layer_entity_rows('report_lines', ['statement', 'line_code'],
        "defaults.entity_kinds is null or list_contains(string_split(defaults.entity_kinds, ';'), " ~ entity_kind() ~ ")") }}
),

labels as (
    select setting_key as line_code, setting_value as label
    from {{ ref('stg_entity__settings') }}
    where section = 'labels'
),

final as (
    select
        layered.statement,
        layered.line_code,
        coalesce(labels.label, layered.label) as label,
        layered.level,
        layered.sort_order,
        layered.parent_code,
        layered.note_no,
        layered.report_sign,
        layered.always_show,
        layered.split_by_unit,
        case when labels.label is not null then 'entity.toml [labels]' else layered.origin end as origin
    from layered
    left join labels using (line_code)
)

select * from final
