-- One row per row of entity/account_line_overrides.csv, typed as seed account_line_overrides, with file and line.
{{ stage_entity_layout('account_line_overrides') }}
