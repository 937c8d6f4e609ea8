-- Every account the ledger declares or uses lands on a report line. Returns each unmapped account, by
-- number and name, so the failure says which one to add to a seed (kommunbas_account_groups or
-- account_line_overrides).
select account, account_name, 'account is not mapped to any report line' as problem
from {{ ref('int_accounts_mapped_to_report_lines') }}
where line_code is null
