"""What a bad SIE line brings along is never printed raw: control characters (a terminal's escape sequences,
NULs, carriage returns) in a reason are written as \\xNN."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sie"

# every C0 control but tab and newline, and DEL
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def test_check_sie_escapes_control_characters_of_a_bad_line(tmp_path):
    data = (FIXTURES / "transaktioner_ovnbolag.se").read_bytes()
    bad = tmp_path / "bad.se"
    # a #VER with an unterminated text carrying an escape sequence that would clear the screen (the reason
    # quotes the record), a line of garbage, and a voucher series with a colour code (the reason names it)
    bad.write_bytes(
        data + b'#VER A 999 20240131 "\x1b[2Jhello\x07\n{\n}\n\x1b[31mgarbage\r line\n'
        b'#VER "\x1b[31mX" 1 20240131 ""\n{\n}\n'
    )

    run = subprocess.run(
        [sys.executable, "-m", "rakenskaper.cli", "check-sie", str(bad)], capture_output=True, timeout=300
    )
    output = (run.stdout + run.stderr).decode("utf-8", errors="replace")

    assert run.returncode != 0
    assert "bad.se" in output and "MALFORMED_RECORD" in output
    assert "\\x1b[2Jhello\\x07" in output  # shown, escaped
    assert RAW_CONTROL.search(output) is None, repr(output[-500:])
