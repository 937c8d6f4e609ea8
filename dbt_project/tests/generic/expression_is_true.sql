{# Fails with every row for which the expression is not true, e.g. an accounting identity. #}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}
