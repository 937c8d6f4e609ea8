{# posting_key(relation): a posting's text key, "<sha256 of its source file>:<line of its #TRANS>" — unique across
   every file ever loaded, and what an auditor quotes. Made where it is shown (fct_general_ledger, the
   drill-downs), not stored: the posting-grain table is keyed by (source_file_sha256, line_no). #}
{% macro posting_key(relation) -%}
    {{ relation }}.source_file_sha256 || ':' || {{ relation }}.line_no
{%- endmacro %}

{# keyed_postings(): the posting-grain table with each posting's text key, as a subquery. The drill-downs read it
   rather than fct_general_ledger, which looks up four names per posting; each looks up the one name it shows
   after a cell's filter, so a cell's query stays fast. #}
{% macro keyed_postings() -%}
    (
        select
            postings.*,
            {{ posting_key('postings') }} as posting_key
        from {{ ref('int_postings_joined_to_vouchers') }} as postings
    )
{%- endmacro %}
