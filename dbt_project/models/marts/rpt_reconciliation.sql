-- One row per month-end × control point (× unit × account where the control point is that fine): the
-- ledger's value, the subledger's value, their difference and whether it is within the tolerance.
-- Values are shown in the control point's report sign (liabilities and income positive).
with compared as (
    select * from {{ ref('int_payroll_reconciled_to_ledger') }}
    union all
    select * from {{ ref('int_internal_bank_reconciled_to_ledger') }}
),

signed as (
    select
        compared.month_end,
        control_points.subledger,
        compared.control_point,
        control_points.label,
        control_points.note_no,
        control_points.comparison,
        compared.unit_code,
        compared.account,
        cast(compared.ledger_value * control_points.report_sign as decimal(18, 2)) as ledger_value,
        cast(compared.subledger_value * control_points.report_sign as decimal(18, 2)) as subledger_value,
        control_points.tolerance_kind,
        tolerances.tolerance_sek,
        control_points.severity,
        control_points.sort_order
    from compared
    inner join {{ ref('reconciliation_control_points') }} as control_points using (control_point)
    inner join {{ ref('reconciliation_tolerances') }} as tolerances using (tolerance_kind)
),

final as (
    select
        month_end,
        subledger,
        control_point,
        label,
        note_no,
        comparison,
        unit_code,
        account,
        ledger_value,
        subledger_value,
        cast(ledger_value - coalesce(subledger_value, 0) as decimal(18, 2)) as difference,
        tolerance_kind,
        tolerance_sek,
        severity,
        case
            when subledger_value is null then 'missing'
            when abs(ledger_value - subledger_value) <= tolerance_sek then 'ok'
            else 'difference'
        end as status,
        sort_order
    from signed
)

select * from final
