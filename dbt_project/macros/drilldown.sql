{#
  Drill-down on demand: DuckDB table macros in the marts schema, created by the post-hooks of the two
  drill-down views, so an auditor asks for one cell and DuckDB reads only that cell's postings (the view's
  filters are pushed into fct_general_ledger). docs/analysts.md shows their use:

    select * from marts.drilldown_income_statement('income_statement_by_unit', 'operating_costs', 'utfall',
                                                   date '2023-08-31', '100');
    select * from marts.drilldown_note('5', 'Lokalkostnader', 'current', date '2023-08-31');

  The parameter names carry a p_ prefix so that they never shadow a column of the view; the view is named
  without its catalog, so the macros work whatever the published file is called.
#}
{% macro create_income_statement_drilldown_macro() -%}
    create or replace macro {{ this.schema }}.drilldown_income_statement(
        p_report, p_line_code, p_column_name, p_report_period, p_unit_code := null
    ) as table
        select * from {{ this.schema }}.{{ this.identifier }}
        where report = p_report
            and line_code = p_line_code
            and column_name = p_column_name
            and report_period = cast(p_report_period as date)
            and unit_code is not distinct from cast(p_unit_code as varchar)
{%- endmacro %}

{% macro create_note_drilldown_macro() -%}
    create or replace macro {{ this.schema }}.drilldown_note(p_note_no, p_row_label, p_column_name, p_report_period)
    as table
        select * from {{ this.schema }}.{{ this.identifier }}
        where note_no = cast(p_note_no as varchar)
            and row_label = p_row_label
            and column_name = p_column_name
            and report_period = cast(p_report_period as date)
{%- endmacro %}

{#
  first_report_periods_of_fiscal_years(): each fiscal year's first month-end as a SQL list of date literals
  (or null when there is none), for the drill-down tie tests. The periods are read first and written into
  the SQL as constants, so that DuckDB pushes the filter through the drill-down views to the report columns
  instead of building the views for every period and filtering after. A test calling it must declare
  "-- depends_on: {{ ref('int_report_periods') }}".
#}
{% macro first_report_periods_of_fiscal_years() -%}
    {%- set tested = [] -%}
    {#- not built yet (sqlfluff compiles the project against an empty database): no period to test -#}
    {%- if execute and load_relation(ref('int_report_periods')) is not none -%}
        {%- set found = run_query("select distinct strftime(min(report_period), '%Y-%m-%d') from "
                                  ~ ref('int_report_periods') ~ " group by fiscal_year_start") -%}
        {%- for row in found.rows -%}{%- do tested.append("date '" ~ row[0] ~ "'") -%}{%- endfor -%}
    {%- endif -%}
    {{- tested | join(', ') if tested else 'null' -}}
{%- endmacro %}

{#
  drilled_cells(drilldown, cell_keys): the select of a drill-down tie test's `drilldown` CTE: the drill-down
  view's postings summed per cell (drilled_amount), at each fiscal year's first month-end only (its columns span
  one month; the notes' prior_year that year once), so the test reads about one month of postings per year.
#}
{% macro drilled_cells(drilldown, cell_keys) -%}
    select {{ cell_keys | join(', ') }}, sum(cell_amount) as drilled_amount
    from {{ drilldown }}
    where report_period in ({{ first_report_periods_of_fiscal_years() }})
    group by all
{%- endmacro %}
