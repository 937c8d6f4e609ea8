-- One row per income-statement posting × note it lands on: each posting with the note row its attributes
-- matched (int_posting_attributes_matched_to_note_rows; joined on the codes, as the names it also holds
-- follow from them). A view: the monthly note cells and the notes' drill-down read it; nothing is stored at
-- posting grain twice. Ledger sign, SEK with öre. Size: postings × the notes a posting lands on (a layout
-- constant, usually 1–2); never × report periods.
{{ config(materialized='view') }}

with postings as (
    select
        {{ posting_key('postings') }} as posting_key,
        postings.period_month,
        postings.account,
        postings.line_code,
        postings.unit_code,
        postings.counterpart_code,
        postings.is_internal,
        postings.voucher_text,
        postings.is_period_end_accrual,
        postings.amount
    from {{ ref('int_postings_joined_to_vouchers') }} as postings
    where {{ is_income_statement_account('postings.account') }}
),

reads_text as (
    -- the same condition as in the attributes model: the voucher text is an attribute only if a rule reads it
    select count(*) > 0 as reads_text from {{ ref('int_entity__note_rows') }}
    where row_kind = 'flow' and voucher_text_pattern is not null
),

final as (
    select
        postings.posting_key,
        postings.period_month,
        postings.is_period_end_accrual,
        postings.amount,
        matched.note_no,
        matched.row_label,
        matched.sort_order,
        matched.priority
    from postings
    inner join {{ ref('int_posting_attributes_matched_to_note_rows') }} as matched
        on matched.account = postings.account
        and matched.line_code is not distinct from postings.line_code
        and matched.unit_code is not distinct from postings.unit_code
        and matched.counterpart_code is not distinct from postings.counterpart_code
        and matched.is_internal is not distinct from postings.is_internal
        and matched.voucher_text
        is not distinct from case when (select reads_text from reads_text) then postings.voucher_text end
)

select * from final
