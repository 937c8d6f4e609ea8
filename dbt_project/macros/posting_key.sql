{# posting_key(relation): a posting's text key, "<sha256 of its source file>:<line of its #TRANS>" — unique across
   every file ever loaded, and what an auditor quotes. Made where it is shown (fct_general_ledger, the
   drill-downs), not stored: the posting-grain table is keyed by (source_file_sha256, line_no). #}
{% macro posting_key(relation) -%}
    {{ relation }}.source_file_sha256 || ':' || {{ relation }}.line_no
{%- endmacro %}
