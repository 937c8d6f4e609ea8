{# The SIE staging models' shared rules.

   registered_sie_rows(table): the select of a `source` CTE over raw.sie_<table> (vouchers, postings) that keeps
   only rows of a file registered in raw.sie_files: the ledger's load registers a file in its final transaction,
   so rows of a load that has not (yet) registered its file are not part of the ledger. #}
{% macro registered_sie_rows(table) -%}
    select {{ table }}.* from {{ source('sie', 'sie_' ~ table) }} as {{ table }}
    semi join {{ source('sie', 'sie_files') }} using (source_file_sha256)
{%- endmacro %}

{# sie_object_codes(objects): select items (8-space indent, no trailing comma) naming a SIE object list's
   codes by role: unit_code, counterpart_code, project_code, each from the entity's dimension number for that
   role (entity_dimension). #}
{% macro sie_object_codes(objects) -%}
{%- for role in ['unit', 'counterpart', 'project'] -%}
{{ objects }}[{{ entity_dimension(role) }}] as {{ role }}_code{{ ",\n        " if not loop.last }}
{%- endfor -%}
{%- endmacro %}
