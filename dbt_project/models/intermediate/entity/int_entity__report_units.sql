-- One row per unit with a section title of its own: seed report_units with entity/report_units.csv
-- layered over it by unit_code.
{{ layer_entity_rows('report_units', ['unit_code']) }}
