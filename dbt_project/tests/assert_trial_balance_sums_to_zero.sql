-- Saldobalans: at every report period the closing balances (UB) of every account, result accounts included,
-- sum to zero — total debit equals total credit — and so do the opening balances (IB). Returns each period
-- that does not.
select
    report_period,
    sum(opening_amount) as opening_total,
    sum(closing_amount) as closing_total
from {{ ref('rpt_trial_balance') }}
group by report_period
having sum(opening_amount) <> 0 or sum(closing_amount) <> 0
