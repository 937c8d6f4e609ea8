-- One row per booked posting (#TRANS), with its voucher and report line: the ledger every report figure
-- is summed from, and where an auditor traces a figure back to its voucher (source file and line).
select * from {{ ref('int_postings_joined_to_vouchers') }}
