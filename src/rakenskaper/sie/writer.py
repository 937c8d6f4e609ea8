"""SIE4 writer: CP437 (``#FORMAT PC8``), quoting with ``\\"`` escapes, object lists and ``#KSUMMA``.

A file is built from records. A record is a label and fields; a field is

- ``str``: written bare when it is a plain token (no spaces, quotes, braces, not empty), else quoted;
- ``Quoted(text)``: always written quoted (names, texts);
- ``list[tuple[str, str]]`` (or a dict): an object list ``{1 "100" 8 "1490"}`` (object codes always quoted).

The checksum (``rakenskaper.sie.ksumma``) covers every record between the opening empty ``#KSUMMA`` and
the closing ``#KSUMMA <crc>``: each record contributes its label and its unquoted fields, object lists
flattened into their elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rakenskaper.sie.ksumma import ksumma

_BARE_RE = re.compile(r'^[^\s"{}\\]+$')
ENCODING = "cp437"


@dataclass(frozen=True)
class Quoted:
    text: str


Field = str | Quoted | Sequence[tuple[str, str]] | Mapping[str, str]


def quote(text: str) -> str:
    if "\\" in text:
        raise ValueError(f"backslash not supported in SIE text: {text!r}")
    if "\n" in text or "\r" in text:
        raise ValueError(f"line break in SIE text: {text!r}")
    return '"' + text.replace('"', '\\"') + '"'


def _object_pairs(field) -> list[tuple[str, str]]:
    if isinstance(field, Mapping):
        return sorted(((str(k), str(v)) for k, v in field.items()), key=lambda kv: (int(kv[0]), kv[1]))
    return [(str(k), str(v)) for k, v in field]


def format_field(field: Field) -> tuple[str, list[str]]:
    """Return (text as written, the elements it contributes to the checksum)."""
    if isinstance(field, Quoted):
        return quote(field.text), [field.text]
    if isinstance(field, str):
        if _BARE_RE.match(field):
            return field, [field]
        return quote(field), [field]
    pairs = _object_pairs(field)
    inner = " ".join(f"{dim} {quote(code)}" for dim, code in pairs)
    flat: list[str] = []
    for dim, code in pairs:
        flat.extend([dim, code])
    return "{" + inner + "}", flat


def format_record(label: str, fields: Iterable[Field]) -> tuple[str, list[str]]:
    parts = [label]
    flat = [label]
    for f in fields:
        text, elems = format_field(f)
        parts.append(text)
        flat.extend(elems)
    return " ".join(parts), flat


def amount(ore: int) -> str:
    """Öre → SIE amount text with two decimals (``-1234.50``)."""
    sign = "-" if ore < 0 else ""
    ore = abs(ore)
    return f"{sign}{ore // 100}.{ore % 100:02d}"


class SieWriter:
    """Collects records; ``text()`` renders the file with #KSUMMA; ``write(path)`` writes CP437 bytes."""

    def __init__(self, with_ksumma: bool = True) -> None:
        self.header: list[tuple[str, list[str]]] = []  # records before the opening #KSUMMA (#FLAGGA)
        self.body: list[tuple[str, list[str]]] = []
        self.with_ksumma = with_ksumma

    def head(self, label: str, *fields: Field) -> None:
        self.header.append(format_record(label, fields))

    def record(self, label: str, *fields: Field) -> None:
        self.body.append(format_record(label, fields))

    def raw(self, line: str, flat: list[str]) -> None:
        """A preformatted line (e.g. ``{`` / ``}`` around a voucher's #TRANS rows); ``flat`` = its checksum
        elements (braces contribute nothing)."""
        self.body.append((line, flat))

    def lines(self) -> list[str]:
        out = [line for line, _ in self.header]
        if self.with_ksumma:
            out.append("#KSUMMA")
        out.extend(line for line, _ in self.body)
        if self.with_ksumma:
            crc = ksumma(flat for _, flat in self.body if flat)
            out.append(f"#KSUMMA {crc}")
        return out

    def text(self) -> str:
        return "\r\n".join(self.lines()) + "\r\n"

    def to_bytes(self) -> bytes:
        return self.text().encode(ENCODING)  # strict: a character outside CP437 is an error

    def write(self, path: Path) -> None:
        path.write_bytes(self.to_bytes())
