{# row_rules: a model's row-level rules in one test (one dbt node and one query per model instead of a node per
   rule: dbt's fixed cost is per node, ~40 ms a node on a night's build). Fails with one row per broken rule:
   the rule, an example of the offending value and how many rows break it.
   - unique: a list of keys, each a list of columns; a key occurs once (NULLs compare equal);
   - not_null: columns that are always filled;
   - accepted_values: {column: [values]}; a filled value is one of them;
   - expressions: SQL conditions true on every row (an identity of the row). #}
{% test row_rules(model, unique=[], not_null=[], accepted_values={}, expressions=[]) %}
with broken as (
    select cast(null as varchar) as rule, cast(null as varchar) as example, cast(0 as bigint) as failing_rows
    where false
    {%- for key in unique %}
    union all
    select 'unique: {{ key | join(", ") }}', any_value(example), count(*)
    from (
        select concat_ws(' | ', {% for column in key %}coalesce(cast({{ column }} as varchar), 'NULL'){{ ", " if not loop.last }}{% endfor %}) as example
        from {{ model }}
        group by {{ key | join(', ') }}
        having count(*) > 1
    )
    having count(*) > 0
    {%- endfor %}
    {%- for column in not_null %}
    union all
    select 'not_null: {{ column }}', null, count(*)
    from {{ model }}
    where {{ column }} is null
    having count(*) > 0
    {%- endfor %}
    {%- for column, values in accepted_values.items() %}
    union all
    select 'accepted_values: {{ column }}', cast(any_value({{ column }}) as varchar), count(*)
    from {{ model }}
    where {{ column }} is not null
        and cast({{ column }} as varchar) not in ({% for value in values %}'{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor %})
    having count(*) > 0
    {%- endfor %}
    {%- for expression in expressions %}
    union all
    select 'expression: {{ expression | replace("'", "''") }}', null, count(*)
    from {{ model }}
    where not coalesce(({{ expression }}), false)
    having count(*) > 0
    {%- endfor %}
)

select * from broken
{% endtest %}
