"""The entity profile: what is particular to one entity travels with its sources (docs/entity-profile.md).

``<sources>/entity.toml`` holds settings (kind, SIE dimensions, voucher series, account roles, members,
label overrides, goals, privacy, the last closed month); ``<sources>/entity/<table>.csv`` holds layout
tables layered over the Kommun-Bas defaults in ``seeds/`` (same columns as the seed of the same name). Both
are optional.

``read_profile(sources_dir)`` validates strictly and returns a ``Profile`` (errors as data: a list of
``ProfileViolation`` naming file, key and line). Landing and loading the profile is
``rakenskaper.sources.entity``'s job.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rakenskaper import paths
from rakenskaper.entity_values import account_spec_problem, check_value
from rakenskaper.errors import InputRejected

PROFILE_FILE = "entity.toml"
TABLES_DIR = "entity"

# Account roles of [accounts]: what the product does with the accounts a role names.
ACCOUNT_ROLES = {
    "claim_on_internal_bank": "a receivable on its own balance-sheet line; reconciled with internal_bank/",
    "internal_bank_interest": "financial income reconciled with the internal-bank statements' interest",
    "member_contributions": "förbundsbidrag / medlemsavgifter: on their own line per unit, notes per municipality",
    "internal_items": "sales and purchases between units: shown per unit, eliminated in the total",
    "realisation_gains": "realisationsvinster: deducted in the balance requirement",
    "provision_schedule": "a provision printed year by year with its contract history (contracts/)",
    "provision_schedule_index": "the index adjustment booked on the scheduled provision",
}

# section -> key -> kind of value; None = any key (members, labels)
SCHEMA: dict[str, dict[str, str] | str] = {
    "entity": {"name": "text", "kind": "kind"},
    "dimensions": {"unit": "dimension", "project": "dimension", "counterpart": "dimension"},
    "voucher_series": {"period_end_accruals": "series_list", "payroll": "series_list"},
    "accounts": {role: "account_list" for role in ACCOUNT_ROLES},
    "members": "member_status",
    "labels": "label",
    "goals": {"equity_floor_tkr": "amount"},
    "privacy": {"min_group_size": "group_size"},
    "books": {"closed_through": "month"},
}

# entity/<table>.csv: the seed it layers over (same columns).
LAYOUT_TABLES = (
    "report_lines",
    "report_layouts",
    "report_notes",
    "note_rows",
    "report_units",
    "unit_contribution_lines",
    "account_line_overrides",
)

LINEAGE = [
    ("source_file_name", "VARCHAR"),
    ("source_file_sha256", "VARCHAR"),
    ("loaded_at", "TIMESTAMP"),
    ("line_no", "INTEGER"),
]
SETTINGS_COLUMNS = [
    ("section", "VARCHAR"),
    ("setting_key", "VARCHAR"),
    ("position", "INTEGER"),
    ("setting_value", "VARCHAR"),
]
FILES_COLUMNS = [
    ("source_file_name", "VARCHAR"),
    ("source_file_sha256", "VARCHAR"),
    ("loaded_at", "TIMESTAMP"),
    ("file_kind", "VARCHAR"),
    ("row_count", "INTEGER"),
]


@dataclass(frozen=True)
class ProfileViolation:
    file: str
    line_no: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line_no}" if self.line_no else self.file
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.message}"


class EntityProfileRejected(InputRejected):
    """The entity profile broke a rule; nothing is loaded or published."""

    def __init__(self, violations: list[ProfileViolation]):
        self.violations = list(violations)
        lines = [f"entity profile rejected ({len(self.violations)} error(s)); nothing was published"]
        lines.extend(f"  {v}" for v in self.violations)
        super().__init__("\n".join(lines))


@dataclass
class ProfileFile:
    path: Path
    sha256: str
    kind: str  # "settings" or a layout table name


@dataclass
class Profile:
    files: list[ProfileFile] = field(default_factory=list)
    # (section, key, position, value, line_no)
    settings: list[tuple[str, str, int, str, int | None]] = field(default_factory=list)
    # table -> (header, rows as (line_no, values))
    tables: dict[str, tuple[list[str], list[tuple[int, list[str]]]]] = field(default_factory=dict)
    violations: list[ProfileViolation] = field(default_factory=list)

    def values(self, section: str, key: str) -> list[str]:
        return [value for s, k, _, value, _ in self.settings if s == section and k == key]

    def line_of(self, section: str, key: str) -> int | None:
        return next((line for s, k, _, _, line in self.settings if s == section and k == key), None)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """Where each `key = ` of each `[section]` is written (tomllib keeps no positions)."""
    found: dict[tuple[str, str], int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([A-Za-z0-9_\-\"' ]+?)\s*\]", stripped)
        if header:
            section = header.group(1).strip("\"' ")
            found.setdefault((section, ""), number)
            continue
        key = re.match(r"^(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)\s*=", stripped)
        if key:
            found.setdefault((section, key.group(1).strip("\"'")), number)
    return found


def known_line_codes(tables: dict[str, tuple[list[str], list[tuple[int, list[str]]]]]) -> set[str]:
    """Line codes of the default layout (seeds/report_lines.csv) and of the entity's own report_lines."""
    codes: set[str] = set()
    seed = paths.repo_root() / "seeds" / "report_lines.csv"
    if seed.is_file():
        with seed.open(encoding="utf-8", newline="") as handle:
            codes.update(row["line_code"] for row in csv.DictReader(handle))
    if "report_lines" in tables:
        header, rows = tables["report_lines"]
        if "line_code" in header:
            index = header.index("line_code")
            codes.update(values[index] for _, values in rows if len(values) > index)
    return codes


def _read_settings(path: Path, data: bytes, profile: Profile) -> None:
    name = path.name
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        profile.violations.append(ProfileViolation(name, None, None, f"not UTF-8 ({error.reason})"))
        return
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        profile.violations.append(
            ProfileViolation(name, int(line.group(1)) if line else None, None, f"not valid TOML: {error}")
        )
        return
    lines = _key_lines(text)
    for section, body in document.items():
        if section not in SCHEMA:
            profile.violations.append(
                ProfileViolation(
                    name, lines.get((section, "")), section, f"unknown section; known: {', '.join(SCHEMA)}"
                )
            )
            continue
        if not isinstance(body, dict):
            profile.violations.append(
                ProfileViolation(name, lines.get((section, "")), section, "must be a [section] table")
            )
            continue
        spec = SCHEMA[section]
        for key, value in body.items():
            line = lines.get((section, key))
            kind = spec if isinstance(spec, str) else spec.get(key)
            if kind is None:
                profile.violations.append(
                    ProfileViolation(
                        name, line, f"{section}.{key}", f"unknown key; known in [{section}]: {', '.join(spec)}"
                    )
                )
                continue
            rows, problem = check_value(kind, value, f"{section}.{key}")
            if problem:
                profile.violations.append(ProfileViolation(name, line, f"{section}.{key}", problem))
                continue
            for position, row in enumerate(rows, start=1):
                profile.settings.append((section, key, position, row.strip(), line))


def _read_table(path: Path, data: bytes, profile: Profile) -> None:
    table = path.stem
    name = f"{TABLES_DIR}/{path.name}"
    if table not in LAYOUT_TABLES:
        profile.violations.append(
            ProfileViolation(name, None, None, f"unknown layout table; known: {', '.join(LAYOUT_TABLES)}")
        )
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        profile.violations.append(ProfileViolation(name, None, None, f"not UTF-8 ({error.reason})"))
        return
    expected = seed_header(table)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        profile.violations.append(ProfileViolation(name, 1, None, "empty file: a header row is required"))
        return
    header = [h.strip() for h in header]
    if header != expected:
        profile.violations.append(
            ProfileViolation(
                name, 1, None, f"header must be {','.join(expected)} (the seed's columns), got {','.join(header)}"
            )
        )
        return
    rows: list[tuple[int, list[str]]] = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            profile.violations.append(
                ProfileViolation(name, line, None, f"{len(values)} fields where the header has {len(header)}")
            )
            continue
        rows.append((line, [v.strip() for v in values]))
    profile.tables[table] = (header, rows)


def seed_header(table: str) -> list[str]:
    with (paths.repo_root() / "seeds" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _check_tables(profile: Profile) -> None:
    """Rules a layout table must hold that its CSV shape does not: account syntax, known line codes."""
    lines = known_line_codes(profile.tables)
    if "account_line_overrides" in profile.tables:
        header, rows = profile.tables["account_line_overrides"]
        for line, values in rows:
            row = dict(zip(header, values))
            problem = account_spec_problem(row["account"])
            if problem:
                profile.violations.append(
                    ProfileViolation(f"{TABLES_DIR}/account_line_overrides.csv", line, "account", problem)
                )
            if row["line_code"] not in lines:
                profile.violations.append(
                    ProfileViolation(
                        f"{TABLES_DIR}/account_line_overrides.csv",
                        line,
                        "line_code",
                        f"unknown line code {row['line_code']!r}",
                    )
                )
    for section, key, _, _, line in profile.settings:
        if section == "labels" and key not in lines:
            profile.violations.append(
                ProfileViolation(PROFILE_FILE, line, f"labels.{key}", "unknown line code (see seeds/report_lines.csv)")
            )


def read_profile(sources_dir: Path) -> Profile:
    """Read and validate the profile of a source folder (absent files: an empty, valid profile)."""
    profile = Profile()
    sources_dir = Path(sources_dir)
    settings_path = sources_dir / PROFILE_FILE
    if settings_path.is_file():
        data = settings_path.read_bytes()
        profile.files.append(ProfileFile(settings_path, _sha256(data), "settings"))
        _read_settings(settings_path, data, profile)
    tables_dir = sources_dir / TABLES_DIR
    if tables_dir.is_dir():
        for path in sorted(tables_dir.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            if path.suffix.lower() != ".csv":
                profile.violations.append(
                    ProfileViolation(f"{TABLES_DIR}/{path.name}", None, None, "not a .csv layout table")
                )
                continue
            data = path.read_bytes()
            profile.files.append(ProfileFile(path, _sha256(data), path.stem))
            _read_table(path, data, profile)
    if not profile.violations:
        _check_tables(profile)
    return profile
