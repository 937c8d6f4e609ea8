-- One row per row of entity/report_layouts.csv, typed as seed report_layouts, with file and line.
{{ stage_entity_layout('report_layouts') }}
