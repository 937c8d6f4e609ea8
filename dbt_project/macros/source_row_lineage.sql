{# The lineage every row of a CSV subledger or profile source carries from its load (file name, the file's
   sha256, when it was loaded, the row's line in the file), as select items in this order without a trailing
   comma: source_file_name, source_file_sha256, loaded_at, line_no. #}
{% macro source_row_lineage() -%}
    source_file_name, source_file_sha256, loaded_at, line_no
{%- endmacro %}
