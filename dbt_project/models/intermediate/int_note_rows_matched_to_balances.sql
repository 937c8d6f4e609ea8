-- One row per report period × period column × note × balance-sheet account × row kind (opening,
-- movement, closing): the note row (seed note_rows) the account's balance lands on. A rule's line_code
-- matches the account's balance-sheet line or any line above it (e.g. 'equity' covers every equity
-- line, the year's result included). Within a note and kind the rule with the lowest priority wins.
-- Ledger sign, SEK with öre.
with matched as (
    select
        balances.report_period,
        balances.period_column,
        balances.account,
        rules.note_no,
        rules.row_kind,
        rules.row_label,
        rules.sort_order,
        case rules.row_kind
            when 'opening' then balances.opening_amount
            when 'movement' then balances.movement_amount
            else balances.closing_amount
        end as amount
    from {{ ref('int_balance_accounts_at_report_columns') }} as balances
    inner join {{ ref('int_report_line_ancestry') }} as ancestry
        on ancestry.line_code = balances.line_code and ancestry.statement = 'balance_sheet'
    inner join {{ ref('int_entity__note_rows') }} as rules
        on rules.line_code = ancestry.ancestor_code
        and rules.row_kind in ('opening', 'movement', 'closing')
        and (rules.account_from is null or rules.account_from <= balances.account)
        and (rules.account_to is null or rules.account_to >= balances.account)
    qualify row_number() over (
            partition by balances.report_period, balances.period_column, balances.account, rules.note_no, rules.row_kind
            order by rules.priority, rules.sort_order
        ) = 1
),

final as (
    select * from matched
)

select * from final
