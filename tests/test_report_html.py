"""The html report in a real headless browser: Debian's Chromium renders the page (no network, plotly.js
inline), the screenshot is not blank, and the rendered DOM holds every table's labels and the three charts.

Chromium is required, not optional: the test fails when it is missing (CI installs it with
tools/install-chromium.sh)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib

import numba
import numpy as np
import pytest

from rakenskaper import cli
from rakenskaper.report.html import CHART_IDS, swedish_number

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "headless Chromium is required for this test: run tools/install-chromium.sh (apt-get install chromium)"
    return found


def run_chromium(page, tmp_path, *args) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile{len(list(tmp_path.glob('profile*')))}"
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1400,3000",
               "--virtual-time-budget=10000", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


@numba.njit(cache=False)
def _unfilter(raw, height, stride, bpp):
    out = np.zeros((height, stride), dtype=np.uint8)
    prior = np.zeros(stride, dtype=np.int32)
    pos = 0
    for y in range(height):
        kind = raw[pos]
        pos += 1
        for x in range(stride):
            value = np.int32(raw[pos + x])
            left = np.int32(out[y, x - bpp]) if x >= bpp else 0
            up = prior[x]
            upper_left = prior[x - bpp] if x >= bpp else 0
            if kind == 1:
                value += left
            elif kind == 2:
                value += up
            elif kind == 3:
                value += (left + up) // 2
            elif kind == 4:
                estimate = left + up - upper_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - upper_left)
                value += left if pa <= pb and pa <= pc else (up if pb <= pc else upper_left)
            out[y, x] = value & 0xFF
        for x in range(stride):
            prior[x] = out[y, x]
        pos += stride
    return out


def png_pixels(path) -> np.ndarray:
    """An 8-bit RGB(A), non-interlaced PNG (what Chromium writes) as a height × width × channels array."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    channels = 3 if color == 2 else 4
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8)
    return _unfilter(raw, height, width * channels, channels).reshape(height, width, channels)


def test_swedish_number():
    assert [swedish_number(v) for v in (1234567, -5, 0, None, "x")] == ["1\u00a0234\u00a0567", "\u22125", "0", "",
                                                                        "x"]


@pytest.fixture(scope="module")
def page(demo_run, tmp_path_factory):
    settings, _ = demo_run
    out = tmp_path_factory.mktemp("html_pack")
    assert cli.main(["report", "--period", "2023-08", "--format", "html", "--out", str(out),
                     "--warehouse", str(settings.warehouse_path)]) == 0
    return out / "rakenskaper_2023-08.html"


def test_page_is_self_contained(page):
    text = page.read_text(encoding="utf-8")
    assert "<script src=" not in text and "cdn.plot.ly/plotly" not in text
    assert len(text) > 1_000_000  # plotly.js is inline


def test_chromium_screenshot_is_not_blank(page, tmp_path):
    shot = tmp_path / "report.png"
    completed = run_chromium(page, tmp_path, f"--screenshot={shot}")
    assert shot.exists(), completed.stderr[-2000:]
    pixels = png_pixels(shot)
    assert pixels.shape[:2] == (3000, 1400)
    gray = pixels[..., :3].astype(float).mean(axis=2)
    assert gray.std() > 10  # a blank (white) page has none
    # the charts draw colour (bars), not only black text on white
    saturation = pixels[..., :3].max(axis=2).astype(int) - pixels[..., :3].min(axis=2).astype(int)
    assert (saturation > 80).mean() > 0.01


def test_rendered_dom_has_the_tables_and_the_charts(page, tmp_path):
    completed = run_chromium(page, tmp_path, "--dump-dom")
    dom = completed.stdout
    assert "</html>" in dom, completed.stderr[-2000:]
    for chart in CHART_IDS:
        assert f'id="{chart}"' in dom
    assert dom.count("main-svg") >= len(CHART_IDS)  # plotly drew each chart (its svg exists only after running)
    for label in ("Verksamhetens nettokostnader", "Summa tillgångar", "Summa eget kapital, avsättningar och skulder",
                  "Kassaflöde från den löpande verksamheten", "Balanskravsresultat", "Förbundskansli",
                  "Interna poster som exkluderats från verksamhetens intäkter och kostnader.",
                  "Avstämning mot delsystem", "Fordran på internbanken = internbankens utgående saldo"):
        assert label in dom, label
    assert "133\u00a0914" in dom or "133&nbsp;914" in dom  # Summa tillgångar 2023-08-31 in Swedish format
