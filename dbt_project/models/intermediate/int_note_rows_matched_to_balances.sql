-- One row per report period × period column × note × balance-sheet account × row kind (opening,
-- movement, closing): the note row (seed note_rows) the account's balance lands on. A rule's line_code
-- matches the account's balance-sheet line or any line above it (e.g. 'equity' covers every equity
-- line, the year's result included). Within a note and kind the rule with the lowest priority wins.
-- Ledger sign, SEK with öre.
with rules as (
    select * from {{ ref('int_entity__note_rows') }}
    where row_kind in ('opening', 'movement', 'closing')
),

ancestry as (
    select line_code, ancestor_code from {{ ref('int_report_line_ancestry') }}
    where statement = 'balance_sheet'
),

matched as (
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
    inner join ancestry on ancestry.line_code = balances.line_code
    inner join rules
        on rules.line_code = ancestry.ancestor_code
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
