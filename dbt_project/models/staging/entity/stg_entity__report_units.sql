-- One row per row of entity/report_units.csv, typed as seed report_units, with file and line.
{{ stage_entity_layout('report_units') }}
