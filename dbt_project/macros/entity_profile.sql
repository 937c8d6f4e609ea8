{# The entity profile (rakenskaper.entity; docs/entity-profile.md) as SQL.

   entity_dimension(role): the SIE dimension number (as text) of 'unit', 'project' or 'counterpart', from
   [dimensions] of entity.toml, else the SIE standard's 1 / 6 / 8. A scalar subquery, evaluated once. #}
{% macro entity_dimension(role) -%}
    {%- set defaults = {'unit': '1', 'project': '6', 'counterpart': '8'} -%}
    (select coalesce(max(setting_value), '{{ defaults[role] }}') from {{ ref('stg_entity__settings') }}
     where section = 'dimensions' and setting_key = '{{ role }}')
{%- endmacro %}

{# account_in_range(account, from, to): the account (or a sub-account of it) lies in from … to, where a
   profile's "NNNN" is from = to = NNNN (the account and its sub-accounts) and "NNNN-MMMM" a range. Comparing
   the account's first len(from) digits makes 16851 fall in "1685" and 30991 in "3000-3099". #}
{% macro account_in_range(account, account_from, account_to) -%}
    (left({{ account }}, length({{ account_from }})) >= {{ account_from }}
     and left({{ account }}, length({{ account_to }})) <= {{ account_to }})
{%- endmacro %}

{# stage_entity_layout(table): raw.entity_<table> (all text, as written in entity/<table>.csv) cast to the
   column types of the seed of the same name, with lineage. An older build without the raw table reads as
   empty. #}
{% macro stage_entity_layout(table) -%}
    {%- set source_relation = source('entity', 'entity_' ~ table) -%}
    {%- set seed_relation = ref(table) -%}
    {#- the seed's column types are known once the graph is (not while parsing) -#}
    {%- set column_types = graph.nodes['seed.rakenskaper.' ~ table].config.column_types if execute else {} -%}
    {%- set relation = adapter.get_relation(database=source_relation.database, schema=source_relation.schema,
                                            identifier=source_relation.identifier) -%}
    select
        {%- for name, type in column_types.items() %}
        cast({% if relation is not none %}{{ name }}{% else %}null{% endif %} as {{ type }}) as {{ name }},
        {%- endfor %}
        {% if relation is not none -%}
        source_file_name,
        line_no
    from {{ source_relation }}
        {%- else -%}
        cast(null as varchar) as source_file_name,
        cast(null as integer) as line_no
    where false
        {%- endif %}
{%- endmacro %}

{# layer_entity_rows(seed, keys, default_filter): the seed's default rows, less those an entity row of
   entity/<seed>.csv replaces (same values in every key column), plus the entity's rows; `origin` says which
   ('default' or 'entity'), with the entity row's file and line. #}
{% macro layer_entity_rows(seed_name, keys, default_filter='true') -%}
    select defaults.*, 'default' as origin, cast(null as varchar) as source_file_name, cast(null as integer) as line_no
    from {{ ref(seed_name) }} as defaults
    where ({{ default_filter }})
        and not exists (
            select 1 from {{ ref('stg_entity__' ~ seed_name) }} as entity_rows
            where {% for key in keys %}entity_rows.{{ key }} is not distinct from defaults.{{ key }}{% if not loop.last %} and {% endif %}{% endfor %}
        )
    union all by name
    select entity_rows.*, 'entity' as origin
    from {{ ref('stg_entity__' ~ seed_name) }} as entity_rows
{%- endmacro %}

{# account_has_role(account, role): the account lies in an account list of [accounts] <role>. #}
{% macro account_has_role(account, role) -%}
    exists (
        select 1 from {{ ref('int_entity__account_roles') }} as roles
        where roles.account_role = '{{ role }}'
            and {{ account_in_range(account, 'roles.account_from', 'roles.account_to') }}
    )
{%- endmacro %}

{# entity_kind(): the profile's kind (kommun, region, kommunalforbund), default kommunalforbund. #}
{% macro entity_kind() -%}
    (select coalesce(max(setting_value), 'kommunalforbund') from {{ ref('stg_entity__settings') }}
     where section = 'entity' and setting_key = 'kind')
{%- endmacro %}
