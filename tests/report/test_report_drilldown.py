"""Each figure of the income statement (2.1.1) and the notes in the html pack links to the postings it is made
of, within a size bound, and what it lists adds up to the printed figure."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from rakenskaper.report.html_drilldown import MAX_POSTINGS_PER_CELL

LINK = re.compile(r'<a class="dd" href="#([^"]+)" title="(\d+) konteringar">([^<]+)</a>')
SECTION = re.compile(r'<section class="drilldown" id="([^"]+)">(.*?)</section>', re.S)


def _number(text: str) -> Decimal:
    return Decimal(text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", "."))


def _tkr(kronor: Decimal) -> int:
    """As the marts round: whole tkr, half away from zero."""
    return int((abs(kronor) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * (1 if kronor >= 0 else -1)


@pytest.fixture(scope="module")
def page(august_html) -> str:
    return august_html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sections(page: str) -> dict[str, str]:
    return dict(SECTION.findall(page))


def test_the_income_statement_and_the_notes_figures_link_to_their_postings(page: str, sections: dict) -> None:
    links = LINK.findall(page)
    tables = {anchor.split("-")[1] for anchor, _, _ in links}
    assert tables == {"income_statement_total", "notes"}
    assert len(links) > 100
    assert all(anchor in sections for anchor, _, _ in links), "every link has its postings on the page"


def test_what_a_figure_lists_adds_up_to_it(page: str, sections: dict) -> None:
    for anchor, count, shown in LINK.findall(page):
        summary = re.search(r"<p>(\d+) konteringar, summa (.*?) kr;", sections[anchor])
        assert summary.group(1) == count
        assert _tkr(_number(summary.group(2))) == int(_number(shown)), anchor


def test_a_figure_lists_its_largest_postings_and_says_how_to_get_the_rest(sections: dict) -> None:
    listed = {anchor: len(re.findall(r"<tr><td>", body)) for anchor, body in sections.items()}
    assert max(listed.values()) == MAX_POSTINGS_PER_CELL
    for anchor, body in sections.items():
        count = int(re.search(r"<p>(\d+) konteringar", body).group(1))
        assert listed[anchor] == min(count, MAX_POSTINGS_PER_CELL), anchor
        assert ("Alla konteringar: <code>select * from marts.rpt_drilldown__" in body) == (count > listed[anchor])
        amounts = [abs(_number(a)) for a in re.findall(r'<td class="num">([^<]+)</td></tr>', body)]
        assert amounts == sorted(amounts, reverse=True), f"{anchor}: the largest first"


def test_the_postings_stay_off_the_printed_pack(page: str) -> None:
    print_css = page[page.index("@media print") :]
    assert "section.drilldowns { display: none; }" in print_css[: print_css.index("\n}\n")]


def test_the_printed_query_returns_every_posting_of_the_figure(demo_run, sections: dict) -> None:
    import html

    import duckdb

    settings, _ = demo_run
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        checked = 0
        for body in sections.values():
            query = re.search(r"Alla konteringar: <code>(.*?)</code>", body)
            if query and checked < 5:
                count = int(re.search(r"<p>(\d+) konteringar", body).group(1))
                assert len(con.execute(html.unescape(query.group(1))).fetchall()) == count
                checked += 1
    assert checked == 5
