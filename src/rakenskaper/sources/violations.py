"""What every source shares when a file breaks a rule: one ``Violation``, one ``SourceRejected`` error and one
quarantine (a copy of the file, unless it holds personal data, and a ``.reason.txt`` naming file, sha256
and every error)."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rakenskaper.errors import InputRejected

ERROR = "error"
WARNING = "warning"

_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F]}


def escape_control(text: str) -> str:
    """A message as it may be printed: control characters a bad line brings along (escape sequences that would
    drive the terminal, NULs of a UTF-16 file, carriage returns) written as \\xNN; tabs kept."""
    return text.translate(_CONTROL)


@dataclass(frozen=True)
class Violation:
    """One broken rule in one source file. ``line_no`` is 1-based (None: the file as a whole).

    A ledger rule names its code (``rule``), the record and the voucher; a delimited file's names the column.
    Personal values never appear here: the readers leave them out of ``message``."""

    file: str
    line_no: int | None
    message: str
    column: str | None = None
    rule: str | None = None
    record_type: str | None = None
    voucher: str | None = None  # "series number", e.g. "B 1"
    severity: str = ERROR

    def __post_init__(self) -> None:
        # escaped once, here, so every report of a violation (check-sie, reason files, run errors, logs) prints
        # what a bad line brought along as \xNN, never raw
        for name in ("file", "record_type", "voucher", "message", "column"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, escape_control(value))

    @property
    def reason(self) -> str:
        return self.message

    def __str__(self) -> str:
        if self.rule is None:
            where = f"line {self.line_no}" if self.line_no else "file"
            column = f" column {self.column}" if self.column else ""
            return f"{self.file} {where}{column}: {self.message}"
        where = f"{self.file}:{self.line_no}" if self.line_no else self.file
        parts = [where, self.severity.upper(), self.rule]
        if self.record_type:
            parts.append(f"#{self.record_type}")
        if self.voucher:
            parts.append(f"voucher {self.voucher}")
        return " ".join(parts) + f": {self.message}"

    def reason_line(self) -> str:
        """The violation as a line of a quarantine reason file."""
        if self.rule is None:
            return str(self)
        voucher = f" voucher {self.voucher}" if self.voucher else ""
        record = f" #{self.record_type}" if self.record_type else ""
        return f"line {self.line_no or '-'}{record}{voucher}: {self.rule}: {self.message}"


def errors(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity == ERROR]


class SourceRejected(InputRejected):
    """Source files broke an error-severity rule: nothing of them was loaded.

    ``rejected``: each bad file with its violations (``path`` and ``violations``: the first). ``folder``: the
    source folder nothing of which was loaded; None for the ledger, whose bad file stops the whole load.
    ``label``: how the message names the kind of file (``SIE`` for the ledger; by default the folder). At
    most ``max_shown`` errors per file are listed (the reason file has them all)."""

    def __init__(
        self,
        rejected: list[tuple[Path, list[Violation]]],
        *,
        folder: str | None = None,
        label: str | None = None,
        max_shown: int | None = None,
    ):
        self.rejected = [(Path(p), list(vs)) for p, vs in rejected]
        self.path, self.violations = self.rejected[0]
        self.folder = folder
        self.label = label or folder or "source"
        self.max_shown = max_shown
        lines = []
        for path, violations in self.rejected:
            bad = errors(violations)
            nothing = f"nothing of {folder}/ was loaded" if folder else "nothing was loaded"
            lines.append(f"{self.label} file rejected: {path} ({len(bad)} error(s)); {nothing}")
            shown = bad if max_shown is None else bad[:max_shown]
            lines.extend(f"  {v}" for v in shown)
            if len(shown) < len(bad):
                lines.append(f"  … and {len(bad) - len(shown)} more (see the quarantine reason file)")
        super().__init__("\n".join(lines))

    def named_from(self, source_dir: Path) -> SourceRejected:
        """The same rejection naming the files the sender delivered in ``source_dir`` (not this run's landing
        copies of them)."""
        return SourceRejected(
            [(Path(source_dir) / p.name, vs) for p, vs in self.rejected],
            folder=self.folder,
            label=self.label,
            max_shown=self.max_shown,
        )


def quarantine(
    path: Path,
    violations: list[Violation],
    quarantine_dir: Path,
    *,
    source_path: Path | None = None,
    data: bytes | None = None,
    sha256: str | None = None,
    personal: bool = False,
) -> Path | None:
    """Put a rejected file in ``quarantine_dir``: a copy (``data``, the bytes this run read, or the file),
    unless it holds personal data, and ``<name>.reason.txt`` naming the source file (``source_path`` when
    ``path`` is this run's landing copy of it), its sha256 and every error. Returns the copy."""
    path = Path(path)
    quarantine_dir = Path(quarantine_dir)
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    target: Path | None = None
    if not personal:
        target = quarantine_dir / path.name
        if data is None:
            shutil.copy2(path, target)
        else:
            target.write_bytes(data)
    if sha256 is None:
        sha256 = hashlib.sha256(data if data is not None else path.read_bytes()).hexdigest()
    lines = [
        f"file: {source_path or path}",
        f"sha256: {sha256}",
        f"rejected: {datetime.now().isoformat(timespec='seconds')}",
    ]
    if personal:
        lines.append("not copied here: the file holds personal data (it stays in its source folder)")
    lines.append("")
    lines.extend(v.reason_line() for v in errors(violations))
    (quarantine_dir / f"{path.name}.reason.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
