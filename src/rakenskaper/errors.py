"""The errors a caller of the pipeline tells apart (the CLI, the Airflow DAG): each module raises its own,
more precise error, and every one of them is one of these.

- ``InputRejected``: a source file, the entity profile or a setting breaks a rule. The file is quarantined
  with its reasons; retrying cannot help, so the DAG fails the task at once instead of retrying.
- ``ChecksFailed``: the build was made, and a check stopped it (a dbt test, the quality gate). Nothing is
  published; the reasons name the check and the rows.
"""

from __future__ import annotations


class RakenskaperError(Exception):
    """Any error the pipeline raises on purpose, with a message meant for the person running it."""


class InputRejected(RakenskaperError):
    """A source file, the entity profile or a setting breaks a rule: fix the input, then run again."""


class ChecksFailed(RakenskaperError):
    """A check of the build failed (a dbt test, the quality gate): nothing was published."""
