"""Which text encoding a SIE file really uses, and its sha256, in one chunked pass over the bytes.

SIE4 is CP437 (``#FORMAT PC8``), but exports in UTF-8 or Latin-1 occur. Valid UTF-8 that contains
multi-byte sequences is UTF-8; otherwise, when the bytes of Latin-1 å ä ö Å Ä Ö outnumber those of
CP437, Latin-1. Anything else is CP437.
"""

from __future__ import annotations

import codecs
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

CHUNK = 16 << 20
_CP437_SWEDISH = bytes([0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99])
_LATIN1_SWEDISH = bytes([0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6])
_ASCII = bytes(range(128))
# The reader splits lines with pyarrow's CSV reader using this (otherwise unused) delimiter.
LINE_DELIMITER = "\x1f"


@dataclass(frozen=True)
class EncodingInfo:
    encoding: str  # python codec name: 'cp437', 'utf-8', 'latin-1'
    warning: str | None
    sha256: str
    size: int
    has_control_delimiter: bool
    utf16: bool = False  # a UTF-16 byte-order mark, or NUL in every other byte: not an SIE4 text at all


def detect_encoding(path: Path) -> EncodingInfo:
    sha = hashlib.sha256()
    # hashing releases the GIL: it runs beside the detection instead of after it
    hasher = ThreadPoolExecutor(max_workers=1)
    pending = []
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    utf8_ok = True
    non_ascii = False
    cp437_score = latin1_score = 0
    size = 0
    has_delim = False
    utf16 = False
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if size == 0:
                head = chunk[:4096]
                utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) >= 2 and head.count(0) * 3 >= len(head))
            size += len(chunk)
            pending.append(hasher.submit(sha.update, chunk))  # one worker: in order
            if len(pending) > 2:  # at most a few chunks in flight
                pending.pop(0).result()
            if not non_ascii and not chunk.isascii():
                non_ascii = True
            if non_ascii:
                high = chunk.translate(None, _ASCII)  # only the bytes >= 0x80, usually few
                cp437_score += sum(high.count(b) for b in _CP437_SWEDISH)
                latin1_score += sum(high.count(b) for b in _LATIN1_SWEDISH)
                if utf8_ok:
                    try:
                        utf8.decode(chunk)
                    except UnicodeDecodeError:
                        utf8_ok = False
            has_delim = has_delim or LINE_DELIMITER.encode() in chunk
    if utf8_ok and non_ascii:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    for future in pending:
        future.result()
    hasher.shutdown()
    digest = sha.hexdigest()
    if utf16:
        return EncodingInfo("utf-16", None, digest, size, has_delim, utf16=True)
    if non_ascii and utf8_ok:
        return EncodingInfo(
            "utf-8", "file is UTF-8, not CP437 (PC8) as SIE4 requires; decoded as UTF-8", digest, size, has_delim
        )
    if latin1_score > cp437_score:
        return EncodingInfo(
            "latin-1",
            "file is Latin-1 (ISO 8859-1), not CP437 (PC8) as SIE4 requires; decoded as Latin-1",
            digest,
            size,
            has_delim,
        )
    return EncodingInfo("cp437", None, digest, size, has_delim)
