-- Saldobalans against balansräkning: at every report period the closing balances (UB) of the accounts under
-- "Summa tillgångar", in report sign, sum to that total; those under "Summa eget kapital, avsättningar och
-- skulder", with the year's result so far (the movement of every result account, on the line named by var
-- result_of_year_line), sum to that one (the totals named by vars assets_total_line and claims_total_line).
-- Returns each period and total that does not tie.
with lines as (
    select line_code, report_sign from {{ ref('int_entity__report_lines') }}
    where statement = 'balance_sheet'
),

ancestry as (
    select line_code, ancestor_code from {{ ref('int_report_line_ancestry') }}
    where statement = 'balance_sheet'
        and ancestor_code in ('{{ var("assets_total_line") }}', '{{ var("claims_total_line") }}')
),

on_lines as (
    select
        report_period,
        case when account_kind = 'result' then '{{ var("result_of_year_line") }}' else line_code end as line_code,
        case when account_kind = 'result' then movement_amount else closing_amount end as amount
    from {{ ref('rpt_trial_balance') }}
),

from_trial_balance as (
    select
        on_lines.report_period, ancestry.ancestor_code as line_code, sum(on_lines.amount * lines.report_sign) as amount
    from on_lines
    inner join lines using (line_code)
    inner join ancestry using (line_code)
    group by all
),

balance_sheet as (
    select report_period, line_code, amount_at_report_date as amount
    from {{ ref('rpt_balance_sheet') }}
    where line_code in ('{{ var("assets_total_line") }}', '{{ var("claims_total_line") }}')
)

select
    balance_sheet.report_period,
    balance_sheet.line_code,
    balance_sheet.amount as balance_sheet_amount,
    from_trial_balance.amount as trial_balance_amount
from balance_sheet
left join from_trial_balance using (report_period, line_code)
where balance_sheet.amount is distinct from coalesce(from_trial_balance.amount, 0)
