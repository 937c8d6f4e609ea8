-- One row per account range that the entity puts on a line of its own, ahead of the Kommun-Bas group:
-- from the account roles of entity.toml (claim_on_internal_bank → its balance-sheet line,
-- member_contributions → the member-contribution line, internal_items → flagged internal on the group's
-- line) and from entity/account_line_overrides.csv. The narrowest range wins (int_accounts_mapped_to_report_lines).
with from_roles as (
    select
        account_from,
        account_to,
        case account_role
            when 'claim_on_internal_bank' then 'claim_on_internal_bank'
            when 'member_contributions' then 'member_contribution'
        end as line_code,
        account_role = 'internal_items' as is_internal,
        'entity.toml [accounts] ' || account_role as origin,
        source_file_name,
        line_no
    from {{ ref('int_entity__account_roles') }}
    where account_role in ('claim_on_internal_bank', 'member_contributions', 'internal_items')
),

from_table as (
    select
        split_part(account, '-', 1) as account_from,
        coalesce(nullif(split_part(account, '-', 2), ''), split_part(account, '-', 1)) as account_to,
        line_code,
        coalesce(is_internal, false) as is_internal,
        'entity/account_line_overrides.csv' as origin,
        source_file_name,
        line_no
    from {{ ref('stg_entity__account_line_overrides') }}
),

final as (
    select * from from_roles
    union all
    select * from from_table
)

select * from final
