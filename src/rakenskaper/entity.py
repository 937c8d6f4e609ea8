"""The entity profile: what is particular to one entity travels with its sources (docs/entity-profile.md).

``<sources>/entity.toml`` holds settings (kind, SIE dimensions, voucher series, account roles, members,
label overrides, goals, privacy, the last closed month); ``<sources>/entity/<table>.csv`` holds layout
tables layered over the Kommun-Bas defaults in ``seeds/`` (same columns as the seed of the same name). Both
are optional.

``read_profile(sources_dir)`` validates strictly and returns a ``Profile`` (errors as data: a list of
``ProfileViolation`` naming file, key and line). ``extract_entity`` lands the files of a valid profile;
``load_entity`` writes them to ``raw.entity_*`` with lineage (file name, sha256, loaded_at, line), replacing
what the previous run loaded: the profile in force is the one in the sources tonight. ``check_members``
runs after the ledger is loaded: a member code must be a counterpart object of the ledger.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from rakenskaper import paths
from rakenskaper.errors import InputRejected

PROFILE_FILE = "entity.toml"
TABLES_DIR = "entity"
KINDS = ("kommun", "region", "kommunalforbund")
MEMBER_STATUSES = ("medlem", "adjungerad")
ACCOUNT_SPEC = re.compile(r"^(?P<start>\d{4,6})(?:-(?P<end>\d{4,6}))?$")
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")

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


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value, message: str = "must be a non-empty string") -> tuple[list[str], str | None]:
    if not isinstance(value, str) or not value.strip():
        return [], message
    return [value], None


def _one_of(allowed, message: str):
    def check(value) -> tuple[list[str], str | None]:
        return ([value], None) if value in allowed else ([], message.format(value=value))

    return check


def _dimension(value) -> tuple[list[str], str | None]:
    if not _is_integer(value) or not 1 <= value <= 9999:
        return [], "must be an SIE dimension number (a positive integer)"
    return [str(value)], None


def _series_list(value) -> tuple[list[str], str | None]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return [], 'must be a list of voucher series, e.g. ["P"]'
    return list(value), None


def _account_list(value) -> tuple[list[str], str | None]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [], 'must be a list of accounts, e.g. ["1685"] or ["3600-3699"]'
    for spec in value:
        problem = account_spec_problem(spec)
        if problem:
            return [], problem
    return list(value), None


def _amount(value) -> tuple[list[str], str | None]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return [], "must be a number (tkr)"
    return [str(value)], None


def _group_size(value) -> tuple[list[str], str | None]:
    # 1 would publish one person's pay: the smallest group a mart may show is two people
    if not _is_integer(value) or value < 2:
        return [], "must be a whole number of employees, at least 2"
    return [str(value)], None


def _month(value) -> tuple[list[str], str | None]:
    # a quoted "YYYY-MM" only: an unquoted 2023-08-31 is a TOML date, and a day would suggest a precision
    # the setting does not have (a month is closed as a whole)
    if not isinstance(value, str) or not MONTH.match(value.strip()) or int(value.strip()[:4]) < 1900:
        return [], f'must be a month as "YYYY-MM" in quotes, e.g. "2023-08" (got {value!r})'
    return [value.strip()], None


# how each kind of setting is checked: the value as text rows, or an error message
_VALUE_CHECKS = {
    "text": _text,
    "kind": _one_of(KINDS, f"must be one of {', '.join(KINDS)} (got {{value!r}})"),
    "dimension": _dimension,
    "series_list": _series_list,
    "account_list": _account_list,
    "member_status": _one_of(MEMBER_STATUSES, 'must be "medlem" or "adjungerad" (got {value!r})'),
    "label": lambda value: _text(value, "must be a non-empty label"),
    "amount": _amount,
    "group_size": _group_size,
    "month": _month,
}


def _check_value(kind: str, value, name: str) -> tuple[list[str], str | None]:
    """The value as text rows, or an error message."""
    if kind not in _VALUE_CHECKS:
        raise ValueError(kind)
    return _VALUE_CHECKS[kind](value)


def account_spec_problem(spec: str) -> str | None:
    """None if `spec` is "NNNN" (an account and its sub-accounts) or "NNNN-NNNN" (a range), else why not."""
    match = ACCOUNT_SPEC.match(spec.strip()) if isinstance(spec, str) else None
    if not match:
        return f'bad account {spec!r}: write "NNNN" (the account and its sub-accounts) or "NNNN-NNNN" (a range)'
    start, end = match.group("start"), match.group("end")
    if end is not None and (len(end) != len(start) or end < start):
        return f"bad account range {spec!r}: both ends need the same number of digits, the first not above the last"
    return None


def account_range(spec: str) -> tuple[str, str]:
    start, _, end = spec.strip().partition("-")
    return start, end or start


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
            rows, problem = _check_value(kind, value, f"{section}.{key}")
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


def quarantine(profile: Profile, quarantine_dir: Path) -> None:
    """Copy the profile's files to the quarantine folder with one reason file (no personal data here)."""
    quarantine_dir = Path(quarantine_dir)
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"rejected: {datetime.now().isoformat(timespec='seconds')}"]
    for item in profile.files:
        shutil.copyfile(item.path, quarantine_dir / item.path.name)
        lines.append(f"file: {item.path} sha256 {item.sha256}")
    lines.append("")
    lines.extend(str(v) for v in profile.violations)
    (quarantine_dir / "entity-profile.reason.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def extract_entity(sources_dir: Path, landing_dir: Path, *, quarantine_dir: Path | None = None) -> dict:
    """Validate the profile and snapshot its files into ``<landing>/entity/`` (what load reads)."""
    profile = read_profile(sources_dir)
    if profile.violations:
        if quarantine_dir is not None:
            quarantine(profile, quarantine_dir)
        raise EntityProfileRejected(profile.violations)
    landing = Path(landing_dir) / "entity"
    shutil.rmtree(landing, ignore_errors=True)
    (landing / TABLES_DIR).mkdir(parents=True)
    manifest = []
    for item in profile.files:
        relative = PROFILE_FILE if item.kind == "settings" else f"{TABLES_DIR}/{item.path.name}"
        shutil.copyfile(item.path, landing / relative)
        manifest.append({"file": relative, "source": str(item.path), "sha256": item.sha256, "kind": item.kind})
    (landing / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return {"entity": [{"file": m["file"], "sha256": m["sha256"]} for m in manifest]}


def ensure_entity_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute(f"CREATE TABLE IF NOT EXISTS raw.entity_files ({_ddl(FILES_COLUMNS)})")
    con.execute(f"CREATE TABLE IF NOT EXISTS raw.entity_settings ({_ddl(SETTINGS_COLUMNS + LINEAGE)})")
    for table in LAYOUT_TABLES:
        columns = [(name, "VARCHAR") for name in seed_header(table)]
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.entity_{table} ({_ddl(columns + LINEAGE)})")


def _ddl(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f"{name} {type_}" for name, type_ in columns)


def load_entity(con: duckdb.DuckDBPyConnection, landing_dir: Path, *, loaded_at: datetime | None = None) -> dict:
    """Replace raw.entity_* with the landed profile (one transaction; an absent profile empties them)."""
    ensure_entity_schema(con)
    loaded_at = loaded_at or datetime.now()
    landing = Path(landing_dir) / "entity"
    profile = read_profile(landing) if landing.is_dir() else Profile()
    if profile.violations:  # the landed copy was validated at extract; this guards a hand-edited landing
        raise EntityProfileRejected(profile.violations)
    shas = {item.path.name: item.sha256 for item in profile.files}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM raw.entity_files")
        con.execute("DELETE FROM raw.entity_settings")
        for table in LAYOUT_TABLES:
            con.execute(f"DELETE FROM raw.entity_{table}")
        for item in profile.files:
            name = PROFILE_FILE if item.kind == "settings" else f"{TABLES_DIR}/{item.path.name}"
            count = (
                sum(1 for s in profile.settings)
                if item.kind == "settings"
                else len(profile.tables.get(item.kind, ([], []))[1])
            )
            con.execute(
                "INSERT INTO raw.entity_files VALUES (?, ?, ?, ?, ?)", [name, item.sha256, loaded_at, item.kind, count]
            )
        if profile.settings:
            con.executemany(
                "INSERT INTO raw.entity_settings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [section, key, position, value, PROFILE_FILE, shas.get(PROFILE_FILE), loaded_at, line]
                    for section, key, position, value, line in profile.settings
                ],
            )
        for table, (header, rows) in profile.tables.items():
            if not rows:
                continue
            name = f"{TABLES_DIR}/{table}.csv"
            sha = shas.get(f"{table}.csv")
            placeholders = ", ".join("?" for _ in range(len(header) + len(LINEAGE)))
            con.executemany(
                f"INSERT INTO raw.entity_{table} VALUES ({placeholders})",
                [
                    [value if value != "" else None for value in values] + [name, sha, loaded_at, line]
                    for line, values in rows
                ],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"entity_files": [item.path.name for item in profile.files], "settings": len(profile.settings)}


def check_members(con: duckdb.DuckDBPyConnection) -> list[ProfileViolation]:
    """Every [members] code must be a counterpart object (the profile's counterpart dimension) of the ledger."""
    rows = con.execute("""
        with dimension as (
            select coalesce(max(setting_value) filter (where section = 'dimensions' and setting_key = 'counterpart'),
                            '8') as dimension_no
            from raw.entity_settings
        )
        select members.setting_key, members.line_no
        from raw.entity_settings as members
        cross join dimension
        where members.section = 'members'
          and not exists (
              select 1 from raw.sie_objects as objects
              inner join raw.sie_files as files using (source_file_sha256)
              where cast(objects.dimension_no as varchar) = dimension.dimension_no
                and objects.object_code = members.setting_key)
        order by members.line_no
    """).fetchall()
    return [
        ProfileViolation(
            PROFILE_FILE,
            line,
            f"members.{code}",
            "not a counterpart object of the ledger (no #OBJEKT with this code in the counterpart dimension)",
        )
        for code, line in rows
    ]
