-- The provision schedule's remaining debt equals the provision on the balance sheet ("Andra avsättningar",
-- the line the provision accounts map to) at every report period, to the öre: opening + commitments +
-- index − payments leaves nothing unexplained. Returns each period that differs.
with schedule as (
    select report_period, remaining_amount
    from {{ ref('rpt_provision_schedule') }}
    where line_code = 'remaining'
),

provision_lines as (
    select distinct line_code
    from {{ ref('dim_accounts') }}
    where {{ account_has_role('account', 'provision_schedule') }}
),

balance as (
    select report_period, sum(amount_at_report_date) as provision_amount
    from {{ ref('rpt_balance_sheet') }}
    where line_code in (select provision_lines.line_code from provision_lines)
    group by report_period
)

select schedule.report_period, schedule.remaining_amount, balance.provision_amount
from schedule
left join balance using (report_period)
where schedule.remaining_amount is distinct from balance.provision_amount
