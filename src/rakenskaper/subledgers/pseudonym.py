"""Pseudonymisation of payroll rows at extract: the personnummer becomes ``employee_key``, a keyed hash
(HMAC-SHA256) that is stable as long as the key is, and the name is dropped. Neither ever reaches DuckDB.

Where the key comes from, first found wins:
1. the ``key`` the caller passes (the Airflow DAG reads the Variable ``rakenskaper_pseudonym_key`` and
   passes it in);
2. the environment variable ``RAKENSKAPER_PSEUDONYM_KEY``;
3. only when the sources are the bundled demo: ``DEMO_KEY`` (public, so demo keys protect nothing: the demo's
   people are invented).

Anywhere else, payroll files with no key refuse to load (``MissingPseudonymKey``). Keep the key in a secret
store and never change it: another key gives every employee another ``employee_key``, so headcounts across
the change would count people twice.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

from rakenskaper.errors import InputRejected

ENV_VAR = "RAKENSKAPER_PSEUDONYM_KEY"
AIRFLOW_VARIABLE = "rakenskaper_pseudonym_key"
DEMO_KEY = "rakenskaper-demo-pseudonym-key (public; for the bundled demo only)"
MIN_KEY_LENGTH = 16
KEY_HEX_CHARS = 32  # 128 bits of the HMAC: no collisions among any real number of employees


class MissingPseudonymKey(InputRejected, RuntimeError):
    """Payroll files are there, but no pseudonymisation key is configured."""


def employee_key(personnummer: str, key: str) -> str:
    """HMAC-SHA256 of the personnummer (digits only, so 19800101-1234 and 198001011234 agree), hex."""
    digits = re.sub(r"\D", "", personnummer)
    return hmac.new(key.encode("utf-8"), digits.encode("ascii"), hashlib.sha256).hexdigest()[:KEY_HEX_CHARS]


def resolve_key(sources_dir: Path, key: str | None = None) -> str:
    """The key to use for the sources in ``sources_dir`` (see the module docstring)."""
    from rakenskaper import paths

    key = key or os.environ.get(ENV_VAR) or None
    if key is None and Path(sources_dir).resolve() == paths.demo_sources_dir().resolve():
        key = DEMO_KEY
    if key is None:
        raise MissingPseudonymKey(
            f"payroll files need a pseudonymisation key: set {ENV_VAR} (or the Airflow Variable "
            f"{AIRFLOW_VARIABLE}); only the bundled demo has a built-in key"
        )
    if len(key) < MIN_KEY_LENGTH:
        raise MissingPseudonymKey(
            f"the pseudonymisation key is too short ({len(key)} characters; at least {MIN_KEY_LENGTH})"
        )
    return key


def pseudonymiser(key: str):
    """personnummer → employee_key, with the key bound."""

    def pseudonymise(personnummer: str) -> str:
        return employee_key(personnummer, key)

    return pseudonymise
