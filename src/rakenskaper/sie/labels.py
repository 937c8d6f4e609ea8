"""The SIE4 record labels the reader knows: the header's, and those with a raw table of their own (every
other record lands in raw.sie_other_records)."""

HEADER_LABELS = (
    "FLAGGA",
    "PROGRAM",
    "FORMAT",
    "GEN",
    "SIETYP",
    "FNAMN",
    "ORGNR",
    "ADRESS",
    "RAR",
    "KPTYP",
    "VALUTA",
    "KSUMMA",
)
# Records with their own raw table (everything else lands in raw.sie_other_records).
KNOWN_LABELS = HEADER_LABELS + (
    "KONTO",
    "KTYP",
    "SRU",
    "DIM",
    "UNDERDIM",
    "OBJEKT",
    "IB",
    "UB",
    "OIB",
    "OUB",
    "RES",
    "PSALDO",
    "PBUDGET",
)
