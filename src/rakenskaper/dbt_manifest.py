"""dbt's manifest for the Airflow DAG, written when it is missing or out of date.

Cosmos draws one Airflow node per dbt model from dbt's ``manifest.json``. Parsing the DAG file must not run
dbt every time (the DAG processor parses it every few minutes), but a deployment must not depend on someone
having run ``dbt parse`` either: a fresh ``AIRFLOW_HOME`` failed to import the DAG with "Could not find
manifest". So the DAG file asks for the manifest here: it is reused while the dbt project's files are
unchanged (a fingerprint of their contents is stored beside it) and written again, once, when they change.
Writing it takes a few seconds (``dbt parse``), well inside Airflow's DAG import timeout.

The manifest goes to ``RAKENSKAPER_DBT_MANIFEST`` when set, else ``<warehouse dir>/dbt_manifest/``: a
folder the service account writes anyway, never the (possibly read-only) project.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from rakenskaper import paths

MANIFEST_ENV = "RAKENSKAPER_DBT_MANIFEST"
FINGERPRINT_NAME = "manifest.fingerprint"
# what dbt reads when it parses; target/ and logs/ are its output and must not change the fingerprint
_SKIPPED_DIRS = {"target", "logs", "dbt_packages", "__pycache__"}


class ManifestFailed(RuntimeError):
    """``dbt parse`` could not read the dbt project: the DAG cannot be drawn until it is fixed."""


def manifest_path(warehouse_dir: Path) -> Path:
    configured = os.environ.get(MANIFEST_ENV)
    return Path(configured) if configured else warehouse_dir / "dbt_manifest" / "manifest.json"


def project_fingerprint(project_dir: Path) -> str:
    """sha256 over every file dbt parses (path and content; seeds/ is followed through its link), and dbt's
    version: the same project gives the same manifest."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"dbt-core {version('dbt-core')}\n".encode())
    for root, dirs, files in os.walk(project_dir, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root, name)
            digest.update(str(path.relative_to(project_dir)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _is_current(manifest: Path, fingerprint: str) -> bool:
    stored = manifest.with_name(FINGERPRINT_NAME)
    return manifest.is_file() and stored.is_file() and stored.read_text(encoding="utf-8").strip() == fingerprint


def ensure_manifest(manifest: Path, project_dir: Path | None = None, build_db: Path | None = None) -> Path:
    """The manifest of ``project_dir`` at ``manifest``, written by ``dbt parse`` unless it is current.
    Two processes parsing the DAG at once write it once (a lock beside it). Raises ManifestFailed with
    dbt's own message when the project does not parse."""
    project_dir = project_dir or paths.dbt_project_dir()
    fingerprint = project_fingerprint(project_dir)
    if _is_current(manifest, fingerprint):
        return manifest
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.with_name(".manifest.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _is_current(manifest, fingerprint):  # another process wrote it while this one waited
            return manifest
        _parse(project_dir, manifest, fingerprint, build_db)
    return manifest


def _parse(project_dir: Path, manifest: Path, fingerprint: str, build_db: Path | None) -> None:
    from rakenskaper import dbt_runner

    env = dbt_runner.dbt_environment(build_db or manifest.parent / "unused.duckdb")
    with tempfile.TemporaryDirectory(dir=manifest.parent, prefix=".parse-") as scratch:
        target = Path(scratch)
        done = subprocess.run(
            [
                dbt_runner.dbt_executable(),
                "parse",
                "--quiet",
                "--project-dir",
                str(project_dir),
                "--profiles-dir",
                str(project_dir),
                "--target-path",
                str(target),
                "--log-path",
                str(target / "logs"),
            ],
            cwd=project_dir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        written = target / "manifest.json"
        if done.returncode != 0 or not written.is_file():
            output = (done.stdout + done.stderr).strip()[-3000:]
            raise ManifestFailed(f"dbt parse of {project_dir} failed (exit {done.returncode}):\n{output}")
        # the manifest first, then its fingerprint: a reader never sees a fingerprint of a file not yet there
        os.replace(written, manifest)
        fingerprint_file = target / FINGERPRINT_NAME
        fingerprint_file.write_text(fingerprint + "\n", encoding="utf-8")
        os.replace(fingerprint_file, manifest.with_name(FINGERPRINT_NAME))
