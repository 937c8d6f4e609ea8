-- One row per row of rpt_reconciliation, with its status split by severity, so that one gate suite blocks
-- on the blocking control points and another only warns: a row that is ok is 'ok' in both.
with final as (
    select
        month_end,
        control_point,
        label,
        coalesce(unit_code, '-') as unit_code,
        coalesce(account, '-') as account,
        ledger_value,
        subledger_value,
        difference,
        tolerance_sek,
        status,
        severity,
        case when severity = 'blocking' then status else 'ok' end as blocking_status,
        case when severity = 'warning' then status else 'ok' end as warning_status
    from {{ ref('rpt_reconciliation') }}
)

select * from final
