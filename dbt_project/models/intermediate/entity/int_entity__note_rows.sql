-- One row per note-row rule in force: seed note_rows, less the default rules of every note the entity
-- defines itself — a note of entity/report_notes.csv, or a note entity/note_rows.csv has rules for (by
-- note_no; an empty note_no is the member-contribution notes) — plus the entity's rules.
{{ layer_entity_rows('note_rows', ['note_no'],
    "defaults.note_no is null or defaults.note_no not in (select note_no from " ~ ref('stg_entity__report_notes') ~ " where note_no is not null)") }}
