"""#KSUMMA: the SIE4 checksum.

A file that carries a checksum has an empty ``#KSUMMA`` record near its top and ``#KSUMMA <crc>`` as its
last record. The checksum is a standard CRC-32 (polynomial 0xEDB88320, as zlib computes it) over every
record between the two: the record label and each field, without field separators, quotes, braces or
line ends, as CP437 bytes. A quoted field contributes its text (spaces inside it included); an object
list ``{1 "100" 8 "Norrby"}`` contributes its elements one after another.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence


def record_bytes(fields: Sequence[str], encoding: str = "cp437") -> bytes:
    """The bytes one record adds to the checksum. ``fields`` are the label and the unquoted fields,
    object lists already flattened into their elements."""
    return "".join(fields).encode(encoding, errors="replace")


def ksumma(records: Iterable[Sequence[str]], encoding: str = "cp437") -> int:
    """CRC-32 over the records between the opening and the closing #KSUMMA."""
    crc = 0
    for fields in records:
        crc = zlib.crc32(record_bytes(fields, encoding), crc)
    return crc
