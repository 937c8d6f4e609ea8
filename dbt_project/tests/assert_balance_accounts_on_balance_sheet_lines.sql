-- A balance account must land on a balance-sheet line (and a result account on anything but one):
-- otherwise it would silently drop out of the balance sheet.
select account, account_name, account_kind, line_code, statement
from {{ ref('int_accounts_mapped_to_report_lines') }}
where line_code is not null
    and (
        (account_kind = 'balance' and coalesce(statement, '') <> 'balance_sheet')
        or (account_kind = 'result' and statement = 'balance_sheet')
    )
