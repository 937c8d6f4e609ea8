"""The self-check of the demo's statements: the income statement in total, per unit and in summary (2.1.1,
2.1.2–2.1.11, 2.1), the balance sheet (2.2) and the budget columns (2.1.1, 2.1, 2.5), recomputed from the
vouchers (recompute.Checker) and compared with the published figures."""

from __future__ import annotations

from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.recompute import Checker, contribution_labels


def income_statement(chk: Checker) -> None:
    """2.1.1 (total), 2.1.2–2.1.11 (per unit) and 2.1 (summary): the income statement's lines."""
    periods = {
        "periodiserat_2201_2208": (date(2022, 1, 1), date(2022, 8, 31), True),
        "utfall_2301_2308": (date(2023, 1, 1), date(2023, 8, 31), False),
        "periodiserat_2301_2308": (date(2023, 1, 1), date(2023, 8, 31), True),
    }
    contrib_label = contribution_labels()
    tot = T.total_statement()
    us = T.unit_statement()
    for col, (s, e, acc) in periods.items():
        inc = chk.income(s, e, acc)
        by_unit_contrib = {}
        for u in T.UNITS:
            iu = chk.income(s, e, acc, unit=u)
            by_unit_contrib[u] = iu.get("member_contribution", 0)
            unit_lines(chk, ("2.1.x", u, col), iu, us[u], col)
        lines = {
            "Verksamhetens intäkter": inc.get("operating_revenue", 0),
            "Verksamhetens kostnader": inc.get("operating_costs", 0),
            "Avskrivningar": inc.get("depreciation", 0),
            "Finansiella intäkter": inc.get("financial_income", 0),
            "Finansiella kostnader": inc.get("financial_costs", 0),
        }
        lines["Verksamhetens nettokostnader"] = (
            lines["Verksamhetens intäkter"] + lines["Verksamhetens kostnader"] + lines["Avskrivningar"]
        )
        for u in T.UNITS:
            lines[contrib_label[u]] = by_unit_contrib[u]
        res = (
            lines["Verksamhetens nettokostnader"]
            + sum(by_unit_contrib.values())
            + lines["Finansiella intäkter"]
            + lines["Finansiella kostnader"]
        )
        lines["Resultat före extraordinära poster"] = res
        lines["Periodens resultat"] = res
        lines["Extraordinära intäkter"] = inc.get("extraordinary_income", 0)
        lines["Extraordinära kostnader"] = inc.get("extraordinary_costs", 0)
        for label, v in lines.items():
            chk.cmp(("2.1.1", label, col), v, tot[label][col])
    # budget
    # 2.1 summary
    summ = T.summary_statement()
    for col, (s, e, acc) in {
        "utfall_2201_2208": (date(2022, 1, 1), date(2022, 8, 31), True),
        "utfall_2301_2308": (date(2023, 1, 1), date(2023, 8, 31), True),
        "utfall_2022": (date(2022, 1, 1), date(2022, 12, 31), False),
    }.items():
        inc = chk.income(s, e, acc)
        rev = inc.get("operating_revenue", 0) + inc.get("member_contribution", 0)
        nk = rev + inc.get("operating_costs", 0) + inc.get("depreciation", 0)
        vals = {
            "Verksamhetens intäkter": rev,
            "Verksamhetens kostnader": inc.get("operating_costs", 0),
            "Avskrivningar/nedskrivningar": inc.get("depreciation", 0),
            "Verksamhetens nettokostnader": nk,
            "Finansiella intäkter": inc.get("financial_income", 0),
            "Finansiella kostnader": inc.get("financial_costs", 0),
            "Periodens resultat": nk + inc.get("financial_income", 0) + inc.get("financial_costs", 0),
        }
        for label, v in vals.items():
            chk.cmp(("2.1", label, col), v, summ[label][col])
        if col == "utfall_2022":  # full year: utfall and periodiserat must agree
            inc2 = chk.income(s, e, True)
            for k in set(inc) | set(inc2):
                if inc.get(k, 0) != inc2.get(k, 0):
                    chk.failures.append(f"2.1 full year 2022: line {k} differs between utfall and periodiserat")


def unit_lines(chk: Checker, what, iu, target, col) -> None:
    rev = iu.get("operating_revenue", 0)
    cost = iu.get("operating_costs", 0)
    dep = iu.get("depreciation", 0)
    nk = rev + cost + dep
    con = iu.get("member_contribution", 0)
    fi = iu.get("financial_income", 0)
    fc = iu.get("financial_costs", 0)
    vals = {
        "Verksamhetens intäkter": rev,
        "Verksamhetens kostnader": cost,
        "Avskrivningar": dep,
        "Verksamhetens nettokostnader": nk,
        "contrib": con,
        "Finansiella intäkter": fi,
        "Finansiella kostnader": fc,
        "Resultat före extraordinära poster": nk + con + fi + fc,
        "Periodens resultat": nk + con + fi + fc,
    }
    for label, v in vals.items():
        chk.cmp(what + (label,), v, target[label][col])


def balance_sheet(chk: Checker) -> None:
    """2.2: every line of the balance sheet, and assets = equity, provisions and liabilities."""
    bs = T.balance_sheet()
    groups = {
        "Anläggningstillgångar": (
            "intangible_assets",
            "land_and_buildings",
            "machinery_and_equipment",
            "financial_fixed_assets",
        ),
        "Omsättningstillgångar": (
            "inventory",
            "short_term_receivables",
            "claim_on_internal_bank",
            "short_term_investments",
            "cash",
        ),
        "Avsättningar": ("pension_provisions", "other_provisions"),
        "Skulder": ("long_term_liabilities", "short_term_liabilities"),
    }
    labels = {
        "Maskiner och inventarier": "machinery_and_equipment",
        "Värdepapper": "financial_fixed_assets",
        "Varulager": "inventory",
        "Kortfristiga fordringar": "short_term_receivables",
        "Fordringar hos Borås Stad": "claim_on_internal_bank",
        "Kassa": "cash",
        "Andra avsättningar": "other_provisions",
        "Långfristiga skulder": "long_term_liabilities",
        "Kortfristiga skulder": "short_term_liabilities",
    }
    for col, at in (
        ("at_2022_08_31", date(2022, 8, 31)),
        ("at_2022_12_31", date(2022, 12, 31)),
        ("at_2023_08_31", date(2023, 8, 31)),
    ):
        bal = chk.balance(at)
        by: dict[str, int] = {}
        result = 0
        for acc, x in bal.items():
            if acc[0] in "12":
                ln = chk.line(acc)
                by[ln] = by.get(ln, 0) + (x if acc[0] == "1" else -x)
            else:
                result -= x
        equity = by.get("equity_other", 0) + by.get("equity_result_of_year", 0) + by.get("equity_rur", 0) + result
        vals = {k: by.get(v, 0) for k, v in labels.items()}
        for g, members in groups.items():
            vals[g] = sum(by.get(x, 0) for x in members)
        vals["Summa tillgångar"] = vals["Anläggningstillgångar"] + vals["Omsättningstillgångar"]
        vals["Eget kapital"] = equity
        vals["Därav årets resultat"] = by.get("equity_result_of_year", 0) + result
        vals["Därav resultatutjämningsreserv"] = by.get("equity_rur", 0)
        vals["Summa eget kapital, avsättningar och skulder"] = equity + vals["Avsättningar"] + vals["Skulder"]
        if vals["Summa tillgångar"] != vals["Summa eget kapital, avsättningar och skulder"]:
            claims = vals["Summa eget kapital, avsättningar och skulder"]
            chk.failures.append(f"2.2 {col}: assets {vals['Summa tillgångar']} != claims {claims} (öre)")
        for label, v in vals.items():
            chk.cmp(("2.2", label, col), v, bs[label][col])


def budget(chk: Checker, rows) -> None:
    """#PBUDGET rows (period, account, unit, öre) vs 2.1.1 / 2.1 budget 2023 and 2.5 budget Jan–Aug."""
    tot = T.total_statement()
    summ = T.summary_statement()
    ops = {r["line"]: r for r in T.read("operating_statement.csv")}
    contrib_label = contribution_labels()
    for col, months, table in (("budget_2023", 12, "tot"), ("budget_2301_2308", 8, "ops")):
        by: dict[str, int] = {}
        con: dict[str, int] = {}
        for period, acc, unit, x in rows:
            if int(period[4:]) > months or acc in chk.internal:
                continue
            ln = chk.line(acc)
            by[ln] = by.get(ln, 0) - x
            if ln == "member_contribution":
                con[unit] = con.get(unit, 0) - x
        rev, cost, dep = by.get("operating_revenue", 0), by.get("operating_costs", 0), by.get("depreciation", 0)
        fi, fc = by.get("financial_income", 0), by.get("financial_costs", 0)
        nk = rev + cost + dep
        res = nk + sum(con.values()) + fi + fc
        vals = {
            "Verksamhetens intäkter": rev,
            "Verksamhetens kostnader": cost,
            "Avskrivningar": dep,
            "Verksamhetens nettokostnader": nk,
            "Finansiella intäkter": fi,
            "Finansiella kostnader": fc,
            "Resultat före extraordinära poster": res,
            "Periodens resultat": res,
        }
        for u, lbl in contrib_label.items():
            vals[lbl] = con.get(u, 0)
        for label, v in vals.items():
            if table == "tot":
                chk.cmp(("2.1.1", label, col), v, tot[label][col])
            else:
                key = "Verksamhets intäkter" if label == "Verksamhetens intäkter" else label
                chk.cmp(("2.5", label, col), v, int(ops[key][col]))
        if table == "tot":
            s = {
                "Verksamhetens intäkter": rev + sum(con.values()),
                "Verksamhetens kostnader": cost,
                "Avskrivningar/nedskrivningar": dep,
                "Verksamhetens nettokostnader": nk + sum(con.values()),
                "Finansiella intäkter": fi,
                "Finansiella kostnader": fc,
                "Periodens resultat": res,
            }
            for label, v in s.items():
                chk.cmp(("2.1", label, col), v, summ[label]["budget_2023"])
