-- One row per report line × each line it rolls up into, itself included (seed report_lines, parent_code):
-- a group or total is the sum of every leaf line whose ancestry contains it.
with recursive lines as (
    select statement, line_code, parent_code from {{ ref('int_entity__report_lines') }}
),

walk (statement, line_code, ancestor_code, depth) as (
    select lines.statement, lines.line_code, lines.line_code as ancestor_code, 0 from lines  -- noqa: AL08
    union all
    select walk.statement, walk.line_code, lines.parent_code, walk.depth + 1
    from walk
    inner join lines on lines.statement = walk.statement and lines.line_code = walk.ancestor_code
    where lines.parent_code is not null
)

select * from walk
