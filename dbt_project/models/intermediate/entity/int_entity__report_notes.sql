-- One row per note in force: seed report_notes with entity/report_notes.csv layered over it by note_no.
{{ layer_entity_rows('report_notes', ['note_no']) }}
