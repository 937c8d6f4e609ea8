-- The listed columns hold no NULL: one test (one dbt node, one scan of the model) for all the columns of a
-- model that must be filled, instead of a not_null test per column. Returns each column with NULLs and
-- how many rows have one.
{% test not_null_columns(model, columns) %}
with nulls as (
    select
        {%- for column in columns %}
        count(*) filter (where {{ column }} is null) as {{ adapter.quote(column) }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}
)

select column_name, null_rows
from nulls
unpivot (null_rows for column_name in ({% for column in columns %}{{ adapter.quote(column) }}{{ ", " if not loop.last }}{% endfor %}))
where null_rows > 0
{% endtest %}
