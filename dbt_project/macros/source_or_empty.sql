{# Select from a source table, or, when the loader has not created it (a ledger-only entity, or a build
   before that source existed), from an empty table of the same shape, so that the models downstream build
   and show nothing. `columns` maps each source column to its type. #}
{% macro source_or_empty(source_name, table_name, columns) -%}
    {%- set source_relation = source(source_name, table_name) -%}
    {%- set relation = adapter.get_relation(database=source_relation.database, schema=source_relation.schema,
                                            identifier=source_relation.identifier) -%}
    {%- if relation is not none -%}
    select * from {{ source_relation }}
    {%- else -%}
    select
        cast(null as varchar) as source_file_name,
        cast(null as varchar) as source_file_sha256,
        cast(null as timestamp) as loaded_at,
        cast(null as integer) as line_no
        {%- for name, type in columns.items() %},
        cast(null as {{ type }}) as {{ name }}
        {%- endfor %}
    where false
    {%- endif -%}
{%- endmacro %}
