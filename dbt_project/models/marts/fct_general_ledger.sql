-- One row per booked posting (#TRANS), with its voucher and report line: the ledger every report figure
-- is summed from, and where an auditor traces a figure back to its voucher (source file and line).
-- A view of int_postings_joined_to_vouchers, the one table at posting grain (written once a night; the
-- monthly cell tables and the note matching read that table too). Size: the postings.
{{ config(materialized='view') }}

select {{ posting_key('postings') }} as posting_key, postings.*
from {{ ref('int_postings_joined_to_vouchers') }} as postings
