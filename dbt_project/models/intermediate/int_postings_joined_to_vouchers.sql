-- One row per booked posting (#TRANS) with its voucher, the voucher series' role, the account's report
-- line and the names of its unit, counterpart and project. #RTRANS/#BTRANS stay in staging as audit trail.
-- The one table at posting grain (fct_general_ledger is a view of it). Size: the booked postings. Keyed by
-- (source_file_sha256, line_no); the text key posting_key is made in the views that show it (macro
-- posting_key), as writing a 70-character string per posting costs a sixth of this table's build.
with postings as (
    select * from {{ ref('stg_sie__postings') }}
    where is_booked
),

objects as (
    -- the latest export's name of each object
    select dimension_no, object_code, object_name
    from {{ ref('stg_sie__objects') }}
    qualify row_number() over (partition by dimension_no, object_code order by fiscal_year_start desc) = 1
),

final as (
    select
        postings.fiscal_year_start,
        vouchers.voucher_series,
        vouchers.voucher_number,
        vouchers.voucher_date,
        cast(date_trunc('month', vouchers.voucher_date) as date) as period_month,
        postings.transaction_date,
        postings.row_no,
        postings.account,
        accounts.account_name,
        accounts.account_class,
        accounts.account_kind,
        accounts.line_code,
        accounts.statement,
        accounts.is_internal,
        postings.unit_code,
        units.object_name as unit_name,
        postings.counterpart_code,
        counterparts.object_name as counterpart_name,
        postings.project_code,
        projects.object_name as project_name,
        postings.amount,
        coalesce(series.is_period_end_accrual, false) as is_period_end_accrual,
        postings.posting_text,
        vouchers.voucher_text,
        postings.quantity,
        postings.source_file_name,
        postings.source_file_sha256,
        postings.line_no,
        vouchers.line_no as voucher_line_no
    from postings
    inner join {{ ref('stg_sie__vouchers') }} as vouchers
        on vouchers.source_file_sha256 = postings.source_file_sha256
        and vouchers.voucher_id = postings.voucher_id
    left join {{ ref('int_entity__voucher_series') }} as series on series.series = vouchers.voucher_series
    left join {{ ref('int_accounts_mapped_to_report_lines') }} as accounts on accounts.account = postings.account
    left join objects as units
        on units.dimension_no = {{ entity_dimension('unit') }} and units.object_code = postings.unit_code
    left join objects as counterparts
        on counterparts.dimension_no = {{ entity_dimension('counterpart') }}
        and counterparts.object_code = postings.counterpart_code
    left join objects as projects
        on projects.dimension_no = {{ entity_dimension('project') }} and projects.object_code = postings.project_code
)

select * from final
