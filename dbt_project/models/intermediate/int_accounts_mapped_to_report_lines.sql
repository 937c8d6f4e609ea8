-- One row per account that the ledger declares or uses, with the report line it lands on:
-- the entity profile's own line if it names the account (int_entity__account_line_overrides), otherwise the
-- Kommun-Bas group with the longest matching prefix. Internal items (profile) are flagged on either.
with declared as (
    select account, account_name, account_type, fiscal_year_start
    from {{ ref('stg_sie__accounts') }}
),

used as (
    select distinct account from {{ ref('stg_sie__postings') }}
    union
    select distinct account from {{ ref('stg_sie__balances') }}
    union
    select distinct account from {{ ref('stg_sie__period_balances') }}
),

latest_declaration as (
    select account, account_name, account_type
    from declared
    qualify row_number() over (partition by account order by fiscal_year_start desc) = 1
),

accounts as (
    select
        coalesce(used.account, latest_declaration.account) as account,
        latest_declaration.account_name,
        latest_declaration.account_type,
        latest_declaration.account is not null as is_declared
    from used
    full outer join latest_declaration using (account)
),

group_match as (
    select
        accounts.account,
        kommunbas_groups.line_code,
        kommunbas_groups.group_name
    from accounts
    inner join {{ ref('kommunbas_account_groups') }} as kommunbas_groups
        on starts_with(accounts.account, kommunbas_groups.account_prefix)
    qualify row_number() over (partition by accounts.account order by length(kommunbas_groups.account_prefix) desc) = 1
),

override_match as (
    -- the entity's own lines (entity profile): the narrowest range that holds the account
    select
        accounts.account,
        overrides.line_code,
        overrides.is_internal,
        overrides.origin
    from accounts
    inner join {{ ref('int_entity__account_line_overrides') }} as overrides
        on {{ account_in_range('accounts.account', 'overrides.account_from', 'overrides.account_to') }}
    where overrides.line_code is not null
    qualify row_number() over (
            partition by accounts.account
            order by length(overrides.account_from) desc, overrides.account_to, overrides.account_from desc
        ) = 1
),

internal_match as (
    select distinct accounts.account
    from accounts
    inner join {{ ref('int_entity__account_line_overrides') }} as overrides
        on {{ account_in_range('accounts.account', 'overrides.account_from', 'overrides.account_to') }}
    where overrides.is_internal
),

report_lines as (
    select line_code, statement from {{ ref('int_entity__report_lines') }}
),

final as (
    select
        accounts.account,
        accounts.account_name,
        accounts.account_type,
        accounts.is_declared,
        left(accounts.account, 1) as account_class,
        left(accounts.account, 2) as account_group,
        group_match.group_name as kommunbas_group_name,
        coalesce(override_match.line_code, group_match.line_code) as line_code,
        override_match.line_code is not null as is_overridden,
        override_match.origin as override_origin,
        internal_match.account is not null as is_internal,
        -- #KTYP says T/S (balance) or K/I (result); without it the Kommun-Bas class decides
        case
            when accounts.account_type in ('T', 'S') then 'balance'
            when accounts.account_type in ('K', 'I') then 'result'
            when left(accounts.account, 1) in ('1', '2') then 'balance'
            else 'result'
        end as account_kind,
        report_lines.statement
    from accounts
    left join group_match using (account)
    left join override_match using (account)
    left join internal_match using (account)
    left join report_lines on report_lines.line_code = coalesce(override_match.line_code, group_match.line_code)
)

select * from final
