-- One row per row of entity/unit_contribution_lines.csv, typed as seed unit_contribution_lines, with file and line.
{{ stage_entity_layout('unit_contribution_lines') }}
