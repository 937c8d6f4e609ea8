-- Every account the ledger declares or uses lands on a line of the layout in force. Returns each unmapped
-- account, by number and name, so the failure says which one to map: a Kommun-Bas group
-- (seeds/kommunbas_account_groups.csv) or the entity's own line (entity.toml [accounts], or
-- entity/account_line_overrides.csv).
select
    account, account_name, line_code,
    case when line_code is null then 'account is not mapped to any report line'
        else 'account is mapped to line ' || line_code || ', which the layout of this entity does not have'
    end as problem
from {{ ref('int_accounts_mapped_to_report_lines') }}
-- (89 Årets resultat is the closing entry that moves the result to equity: on no statement line by design)
where line_code is null or (statement is null and line_code <> 'closing_result')
