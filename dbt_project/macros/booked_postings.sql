{# booked_postings(): the booked #TRANS rows of stg_sie__postings, as a subquery to read `as postings`. The
   #RTRANS/#BTRANS rows stay in staging as the audit trail; the posting-grain table and the voucher-balance check
   read only what was booked. #}
{% macro booked_postings() -%}
    (select * from {{ ref('stg_sie__postings') }} where is_booked)
{%- endmacro %}
