-- One row per account: name, kind (balance/result) and the report line it lands on.
select
    account,
    account_name,
    account_type,
    account_kind,
    account_class,
    account_group,
    kommunbas_group_name,
    line_code,
    statement,
    is_overridden,
    is_internal,
    is_declared
from {{ ref('int_accounts_mapped_to_report_lines') }}
