"""Callers tell the pipeline's errors apart by two kinds (rakenskaper.errors): bad input, which retrying cannot
fix, and a failed check of the build. The DAG catches only those."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rakenskaper import errors
from rakenskaper.dbt_runner import DbtFailed
from rakenskaper.entity import EntityProfileRejected
from rakenskaper.gate import GateFailed
from rakenskaper.sources.violations import SourceRejected
from rakenskaper.subledgers import MissingPseudonymKey

DAG_FILE = Path(__file__).resolve().parents[2] / "dags" / "rakenskaper_nightly.py"


@pytest.mark.parametrize("error", [EntityProfileRejected, SourceRejected, MissingPseudonymKey])
def test_bad_input_is_input_rejected(error) -> None:
    assert issubclass(error, errors.InputRejected) and issubclass(error, errors.RakenskaperError)


@pytest.mark.parametrize("error", [GateFailed, DbtFailed])
def test_a_failed_check_is_checks_failed(error) -> None:
    assert issubclass(error, errors.ChecksFailed) and not issubclass(error, errors.InputRejected)


def test_callers_that_caught_the_old_bases_still_do() -> None:
    assert issubclass(MissingPseudonymKey, RuntimeError) and issubclass(DbtFailed, RuntimeError)


def test_the_dag_catches_the_two_kinds_not_each_modules_error() -> None:
    source = DAG_FILE.read_text(encoding="utf-8")
    caught = set(re.findall(r"except \(?([\w, ]+?)\)? as", source))
    assert caught == {"InputRejected", "ChecksFailed"}
    assert not re.search(r"from rakenskaper\.(load|gate|entity|subledgers) import \w*(Rejected|Failed|Key)", source)
