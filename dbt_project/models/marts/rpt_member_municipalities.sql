-- The municipalities of the federation (1.1, notes 3–12), for every closed month-end as report period:
-- one row per municipality (a counterpart, dim 8, listed in seed member_municipalities with its status,
-- member or co-opted), its name from the ledger's objects, and the notes in which it has a row at the
-- period (it paid a contribution to that unit in one of the three columns).
with counterparts as (
    {{ dimension_objects('counterpart') }}
),

appearances as (
    select
        notes.report_period,
        counterparts.counterpart_code,
        string_agg(notes.note_no, ';' order by note_order.sort_order) as note_list
    from {{ ref('int_note_rows_rendered') }} as notes
    inner join {{ ref('int_entity__report_notes') }} as note_order using (note_no)
    inner join counterparts on counterparts.counterpart_name = notes.row_label
    where notes.row_kind = 'flow'
    group by all
),

final as (
    select
        periods.report_period,
        cast(row_number() over (
            partition by periods.report_period
            order by coalesce(counterparts.counterpart_name, municipalities.counterpart_code)
        ) as integer) as row_order,
        municipalities.counterpart_code,
        coalesce(counterparts.counterpart_name, municipalities.counterpart_code) as name,
        municipalities.status,
        coalesce(appearances.note_list, '') as notes
    from {{ ref('int_report_periods') }} as periods
    cross join {{ ref('int_entity__member_municipalities') }} as municipalities
    left join counterparts using (counterpart_code)
    left join appearances
        on appearances.report_period = periods.report_period
        and appearances.counterpart_code = municipalities.counterpart_code
)

select * from final
