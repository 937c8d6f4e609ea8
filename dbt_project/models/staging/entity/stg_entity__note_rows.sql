-- One row per row of entity/note_rows.csv, typed as seed note_rows, with file and line.
{{ stage_entity_layout('note_rows') }}
