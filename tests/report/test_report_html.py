"""The html report in a real headless browser: Debian's Chromium renders the page (no network, plotly.js
inline), the screenshot is not blank, and the rendered DOM holds every table's labels and the three charts.
In print mode (Chromium driven over the DevTools protocol: print media emulated, then printed to PDF) the page
is A4, the plotly toolbar is gone and charts are not split across pages.

Chromium is required, not optional: the test fails when it is missing (CI installs it with
tools/install-chromium.sh)."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import time

import pytest

from rakenskaper.report.html_charts import CHART_IDS
from rakenskaper.report.spec import load_spec
from rakenskaper.report.swedish_numbers import swedish_number
from tests.report.browser import CHROMIUM_FLAGS, chromium, png_pixels, run_chromium


def test_swedish_number():
    assert [swedish_number(v) for v in (1234567, -5, 0, None, "x")] == ["1\u00a0234\u00a0567", "\u22125", "0", "", "x"]


@pytest.fixture(scope="module")
def page(august_html):
    return august_html


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
    for label in (
        "Verksamhetens nettokostnader",
        "Summa tillgångar",
        "Summa eget kapital, avsättningar och skulder",
        "Kassaflöde från den löpande verksamheten",
        "Balanskravsresultat",
        "Förbundskansli",
        "Interna poster som exkluderats från verksamhetens intäkter och kostnader.",
        "Avstämning mot delsystem",
        "Fordran på internbanken = internbankens utgående saldo",
    ):
        assert label in dom, label
    assert "133\u00a0914" in dom or "133&nbsp;914" in dom  # Summa tillgångar 2023-08-31 in Swedish format


def test_periods_in_words_and_printed_headers(page):
    text = page.read_text(encoding="utf-8")
    assert "Perioden januari–augusti 2023; jämförelse\njanuari–augusti 2022." in text
    assert "2301_2308" not in text and "utfall_" not in text  # no technical column or period code is printed
    for header in (
        "<th>Belopp i tkr</th>",
        '<th class="num">Utfall jan–aug 2023</th>',
        '<th class="num">Periodiserat utfall jan–aug 2022</th>',
        "<th>Not</th>",
        '<th class="num">Budget 2023</th>',
    ):
        assert header in text, header
    assert "<th>Nivå</th>" not in text and "<th>Radkod</th>" not in text  # technical columns are not printed


def _table_rows(text, stem):
    table = re.search(rf'<section class="table" id="table-{stem}">(.*?)</section>', text, re.S).group(1)
    rows = re.findall(r"<tr( class=\"emph\")?>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    return [
        (bool(emph), [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>.*?</td>", cells)])
        for emph, cells in rows
    ]


def test_bold_only_on_subtotals_and_every_last_row_labelled(page):
    text = page.read_text(encoding="utf-8")
    for table in load_spec().tables:
        if not table.in_html:  # the huvudbok, one row a posting, is in the xlsx and the csv only
            assert f'id="table-{table.stem}"' not in text
            continue
        rows = _table_rows(text, table.stem)
        label_at = [c.name for c in table.columns if not c.hidden].index(table.label_column)
        assert rows and rows[-1][1][label_at].strip(), table.stem
    cash_flow = _table_rows(text, "cash_flow")
    assert cash_flow[-1][1][0].startswith("Kontroll: förändring av likvida medel")
    notes = _table_rows(text, "notes")
    emphasised = {(cells[0], cells[2]) for emph, cells in notes if emph}
    assert {("17", "Summa"), ("22", "Summa"), ("15", "Utgående balans")} <= emphasised
    assert not [key for key in emphasised if key[0] in ("16", "18", "20", "21")]
    assert {label for _, label in emphasised} <= {"Summa", "Utgående balans", "Utgående eget kapital"}


class DevTools:
    """Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: Chromium reads
    commands on fd 3 and answers on fd 4, NUL-separated JSON)."""

    def __init__(self, profile):
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()

        def pipes():
            os.dup2(commands_read, 3)
            os.dup2(answers_write, 4)

        self.process = subprocess.Popen(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=pipes,
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(answers_write)
        self._buffer, self._id, self._session = b"", 0, None

    def send(self, method, params=None, timeout=120):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\0" not in self._buffer:
                chunk = os.read(self._answers, 1 << 20)
                assert chunk, "Chromium closed the DevTools pipe"
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self._id:
                assert "error" not in answer, (method, answer["error"])
                return answer["result"]
        raise TimeoutError(method)

    def open(self, url):
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable")
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression):
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def wait_for(self, expression, timeout=120):
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.2)

    def close(self):
        self._session = None
        try:
            self.send("Browser.close", timeout=20)
        except (AssertionError, OSError, TimeoutError):
            self.process.kill()
        self.process.wait(timeout=60)
        os.close(self._commands)
        os.close(self._answers)


A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
A4_WIDTH_PX = 794  # 210 mm at 96 CSS px per inch


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """Width and height in points of every page of a PDF as Chromium (Skia) writes it."""
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[([^\]]*)\]", data, re.S)
    if not boxes:  # MediaBox before /Type
        boxes = re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)
    return [tuple(float(v) for v in box.split()[2:4]) for box in boxes]


def test_print_mode_is_a4_without_toolbar_or_split_charts(page, tmp_path):
    browser = DevTools(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        browser.wait_for(
            f"document.readyState === 'complete' && document.querySelectorAll('.main-svg').length >= {len(CHART_IDS)}"
        )
        toolbars = "[...document.querySelectorAll('.modebar-container')].map(e => getComputedStyle(e).display)"
        on_screen = browser.evaluate(toolbars)
        assert len(on_screen) == len(CHART_IDS) and "none" not in on_screen  # the toolbar is there on screen

        browser.send("Emulation.setEmulatedMedia", {"media": "print"})
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": A4_WIDTH_PX, "height": 1123, "deviceScaleFactor": 1, "mobile": False},
        )
        assert browser.evaluate(toolbars) == ["none"] * len(CHART_IDS)  # ... and not on paper
        charts = browser.evaluate(
            "[...document.querySelectorAll('figure.chart')].map(e => "
            "[getComputedStyle(e).breakInside, e.getBoundingClientRect().right])"
        )
        assert len(charts) == len(CHART_IDS)
        assert all(avoid == "avoid" and right <= A4_WIDTH_PX for avoid, right in charts)
        assert set(
            browser.evaluate("[...document.querySelectorAll('thead')].map(e => getComputedStyle(e).display)")
        ) == {"table-header-group"}  # repeated on every page a table runs over
        shot = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"})["data"])
        (tmp_path / "print.png").write_bytes(shot)
        assert png_pixels(tmp_path / "print.png")[..., :3].std() > 10  # not blank

        pdf = base64.b64decode(browser.send("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    finally:
        browser.close()
    pages = pdf_pages(pdf)
    assert 5 <= len(pages) <= 40, len(pages)
    assert all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2 for w, h in pages), set(pages)


def test_reconciliation_values_in_words(page):
    text = page.read_text(encoding="utf-8")
    section = re.search(r'<section class="table" id="table-reconciliation">(.*?)</section>', text, re.S).group(1)
    assert "<td>Lön</td>" in section and "<td>Internbank</td>" in section and "stoppar publicering" in section
    assert not re.search(r"<td>(payroll|internal_bank|blocking)</td>", section)


def test_the_nights_quality_checks_are_in_the_pack(page):
    text = page.read_text(encoding="utf-8")
    section = text[text.index('<section class="gate" id="gate">') :]
    section = section[: section.index("</section>")]
    rows = re.findall(r'<tr class="(ok|not-ok)"><td>([^<]+)</td>', section)
    assert len(rows) >= 5 and all(kind == "ok" for kind, _ in rows)
    assert "Varje verifikation balanserar" in {label for _, label in rows}
    assert section.count("godkänd") == len(rows) and "data_docs/index.html" in section
