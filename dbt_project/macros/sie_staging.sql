{# The SIE staging models' shared rules.

   registered_sie_rows(table): what a staging model over raw.sie_<table> (vouchers, postings) reads from (after
   `from`, a subquery named <table>): only the rows of a file registered in raw.sie_files. The ledger's load
   registers a file in its final transaction, so rows of a load that has not (yet) registered its file are not
   part of the ledger. #}
{% macro registered_sie_rows(table) -%}
    (
        select {{ table }}.* from {{ source('sie', 'sie_' ~ table) }} as {{ table }}
        semi join {{ source('sie', 'sie_files') }} using (source_file_sha256)
    ) as {{ table }}
{%- endmacro %}

{# sie_file_lineage(year_as='fiscal_year_start'): the SIE file a row came from, as select items without a trailing
   comma: source_file_name, source_file_sha256 and the fiscal year the file exports (its year 0), named year_as
   (a balance or #RAR row names its own year fiscal_year_start, and the file's file_fiscal_year_start). #}
{% macro sie_file_lineage(year_as='fiscal_year_start') -%}
    source_file_name, source_file_sha256, fiscal_year_start
    {%- if year_as != 'fiscal_year_start' %} as {{ year_as }}{% endif %}
{%- endmacro %}

{# sie_balance_year(): the year a balance record (#IB, #UB, #RES, #PSALDO, #PBUDGET) is for, as select items
   without a trailing comma, after its file (sie_file_lineage, the file's year as file_fiscal_year_start): the
   record type, the year index (0 = the file's year, -1 = the year before) and that year's start and end. #}
{% macro sie_balance_year() -%}
    {{ sie_file_lineage(year_as='file_fiscal_year_start') }}, record_type, year_index,
    year_start as fiscal_year_start, year_end as fiscal_year_end
{%- endmacro %}

{# sie_object_codes(objects): select items (8-space indent, no trailing comma) naming a SIE object list's
   codes by role: unit_code, counterpart_code, project_code, each from the entity's dimension number for that
   role (entity_dimension). #}
{% macro sie_object_codes(objects) -%}
{%- for role in ['unit', 'counterpart', 'project'] -%}
{{ objects }}[{{ entity_dimension(role) }}] as {{ role }}_code{{ ",\n        " if not loop.last }}
{%- endfor -%}
{%- endmacro %}
