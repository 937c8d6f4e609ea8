{# The objects the ledger declares for one dimension role ('unit', 'counterpart', 'project': SIE #OBJEKT of
   the dimension with that role, latest export's name), as (<role>_code, <role>_name): the select of a
   caller's lookup CTE. Every model that shows an object's name looks it up here (the posting-grain table
   carries codes only). #}
{% macro dimension_objects(role) -%}
    select object_code as {{ role }}_code, object_name as {{ role }}_name
    from {{ ref('dim_objects') }}
    where dimension_role = '{{ role }}'
{%- endmacro %}

{# Whether an account (column expression) maps to an income-statement line: the filter of the readers of
   the posting-grain table that take income-statement postings only (it carries no statement column). #}
{% macro is_income_statement_account(account_column) -%}
    {{ account_column }} in (
        select income_statement_accounts.account
        from {{ ref('int_accounts_mapped_to_report_lines') }} as income_statement_accounts
        where income_statement_accounts.statement = 'income_statement'
    )
{%- endmacro %}

{# Left joins that look up the names of the given roles' codes of `relation` (a CTE or alias with columns
   <role>_code): adds the aliases <role>_objects with column <role>_name (null for a code without a name). #}
{% macro join_dimension_object_names(relation, roles) -%}
    {%- for role in roles %}
    left join ({{ dimension_objects(role) }}) as {{ role }}_objects
        on {{ role }}_objects.{{ role }}_code = {{ relation }}.{{ role }}_code
    {%- endfor %}
{%- endmacro %}
