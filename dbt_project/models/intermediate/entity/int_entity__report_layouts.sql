-- One row per report × line of the other layouts in force: seed report_layouts with
-- entity/report_layouts.csv layered over it by (report, line_code).
{{ layer_entity_rows('report_layouts', ['report', 'line_code']) }}
