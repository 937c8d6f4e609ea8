-- The note rows (note_rows, row_kind 'flow') of income-statement postings, matched once per distinct
-- combination of what the rules look at (account, line, unit, counterpart, internal flag, and the voucher
-- text when a rule has a voucher_text_pattern): one row per such combination × note it lands on. A rule
-- without note_no is the member-contribution note of the posting's unit (unit_contribution_lines); an
-- empty row_label takes the regex group of voucher_text_pattern or else the counterpart's name (one row
-- per paying municipality); a label may hold the placeholders {unit} and {counterpart}. Within a note
-- the rule with the lowest priority wins. Size: at most the postings × the notes a posting lands on; in
-- practice accounts × units × counterparts (× voucher texts when a rule reads them).
with rules as (
    select * from {{ ref('int_entity__note_rows') }}
    where row_kind = 'flow'
),

reads_text as (
    select count(*) > 0 as reads_text from rules
    where rules.voucher_text_pattern is not null
),

combinations as (
    -- what the rules look at, once per distinct combination; the voucher text only when a rule reads it
    select distinct
        account, line_code, unit_code, counterpart_code, is_internal,
        case when (select reads_text.reads_text from reads_text) then voucher_text end as voucher_text
    from {{ ref('int_postings_joined_to_vouchers') }}
    where {{ is_income_statement_account('account') }}
),

postings as (
    -- the names looked up once per combination, not per posting
    select
        combinations.account, combinations.line_code, combinations.unit_code, unit_objects.unit_name,
        combinations.counterpart_code, counterpart_objects.counterpart_name, combinations.is_internal,
        combinations.voucher_text
    from combinations
    {{ join_dimension_object_names('combinations', ['unit', 'counterpart']) }}
),

matched as (
    select
        postings.*,
        coalesce(rules.note_no, unit_notes.note_no) as note_no,
        coalesce(
            -- a label may name the posting's unit and counterpart: '{unit}: {counterpart}' (one row per pair)
            replace(
                replace(rules.row_label, '{unit}', coalesce(postings.unit_name, postings.unit_code, '-')),
                '{counterpart}', coalesce(postings.counterpart_name, postings.counterpart_code, '-')
            ),
            regexp_extract(postings.voucher_text, rules.voucher_text_pattern, 1),
            postings.counterpart_name,
            postings.counterpart_code
        ) as row_label,
        rules.sort_order,
        rules.priority
    from postings
    inner join rules
        on (rules.line_code is null or rules.line_code = postings.line_code)
        and (rules.account_from is null or rules.account_from <= postings.account)
        and (rules.account_to is null or rules.account_to >= postings.account)
        and (rules.unit_code is null or rules.unit_code = postings.unit_code)
        and (
            rules.counterpart_code is null
            or (rules.counterpart_code = '*' and postings.counterpart_code is not null)
            or rules.counterpart_code = postings.counterpart_code
        )
        and (rules.voucher_text_pattern is null or regexp_matches(postings.voucher_text, rules.voucher_text_pattern))
    left join {{ ref('int_entity__unit_contribution_lines') }} as unit_notes
        on rules.note_no is null and unit_notes.unit_code = postings.unit_code
    inner join {{ ref('int_entity__report_notes') }} as notes
        on notes.note_no = coalesce(rules.note_no, unit_notes.note_no)
    where (notes.internal_items = 'included')
        or (notes.internal_items = 'excluded' and not postings.is_internal)
        or (notes.internal_items = 'only' and postings.is_internal)
    qualify row_number() over (
            partition by
                postings.account, postings.line_code, postings.unit_code, postings.unit_name,
                postings.counterpart_code, postings.counterpart_name, postings.is_internal, postings.voucher_text,
                notes.note_no
            order by rules.priority, rules.sort_order
        ) = 1
),

final as (
    select
        account, line_code, unit_code, unit_name, counterpart_code, counterpart_name, is_internal, voucher_text,
        note_no, row_label, sort_order, priority
    from matched
)

select * from final
