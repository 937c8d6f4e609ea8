-- One row per row of entity/report_lines.csv, typed as seed report_lines, with file and line.
{{ stage_entity_layout('report_lines') }}
