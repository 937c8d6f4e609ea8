-- One row per unit whose member contributions print on a line of their own (2.1.1) with a note: the
-- entity's entity/unit_contribution_lines.csv if it has one; otherwise every unit with postings on the
-- [accounts] member_contributions of entity.toml, labelled by the layout ("Förbundsbidrag, <unit>") and
-- referring to the default member-contribution note (the note whose rules cover that line). No
-- member-contribution accounts: no rows.
with contribution_note as (
    select min(note_no) as note_no
    from {{ ref('int_entity__note_rows') }}
    where line_code = 'member_contribution' and note_no is not null
),

contributing_units as (
    select distinct postings.unit_code
    from {{ ref('stg_sie__postings') }} as postings
    where postings.unit_code is not null
        and {{ account_has_role('postings.account', 'member_contributions') }}
),

defaults as (
    select
        contributing_units.unit_code,
        cast(null as varchar) as label,
        contribution_note.note_no,
        cast(row_number() over (order by contributing_units.unit_code) as integer) as sort_order,
        'default' as origin,
        cast(null as varchar) as source_file_name,
        cast(null as integer) as line_no
    from contributing_units
    cross join contribution_note
    where not exists (select 1 from {{ ref('stg_entity__unit_contribution_lines') }})
),

final as (
    select unit_code, label, note_no, sort_order, 'entity' as origin, source_file_name, line_no
    from {{ ref('stg_entity__unit_contribution_lines') }}
    union all
    select * from defaults
)

select * from final
