-- One row per row of entity/report_notes.csv, typed as seed report_notes, with file and line.
{{ stage_entity_layout('report_notes') }}
