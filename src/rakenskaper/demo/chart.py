"""The demo's chart and habits: its accounts, counterparts, projects and units' names, and the profiles the
vouchers follow (revenue, costs, pay items). Read by the voucher builders (ledger_*.py), the budget and the SIE
writer."""

from __future__ import annotations

from rakenskaper.demo import targets as T

ACCOUNTS = {
    "1220": "Inventarier",
    "1229": "Ackumulerade avskrivningar inventarier",
    "1350": "Aktier och andelar",
    "1410": "Varulager",
    "1510": "Kundfordringar",
    "1640": "Momsfordran",
    "1681": "Fordran Borås Stad, internbanken",
    "1710": "Förutbetalda kostnader och upplupna intäkter",
    "1910": "Kassa",
    "2010": "Eget kapital",
    "2050": "Resultatutjämningsreserv",
    "2099": "Årets resultat",
    "2290": "Avsättning bidrag till statlig infrastruktur (E20)",
    "2350": "Investeringsbidrag Navet",
    "2440": "Leverantörsskulder",
    "2610": "Utgående moms",
    "2710": "Personalens skatter",
    "2730": "Lagstadgade arbetsgivaravgifter",
    "2740": "Särskild löneskatt och övriga löneskatter",
    "2920": "Semesterlöneskuld",
    "2940": "Upplupna pensionskostnader individuell del",
    "2970": "Beslutade ej avslutade projekt",
    "2990": "Övriga upplupna kostnader och förutbetalda intäkter",
    "3110": "Entréavgifter",
    "3410": "Försäljning av tjänster",
    "3490": "Statsbidrag",
    "3511": "Bidrag VGR, Regionala utvecklingsnämnden: Navet",
    "3512": "Bidrag VGR, Regionala utvecklingsnämnden: delregionala utvecklingsmedel (DRUM)",
    "3513": "Bidrag VGR, Kulturnämnden: delregionala utvecklingsmedel (DRUM)",
    "3514": "Bidrag VGR, Miljönämnden: delregionala utvecklingsmedel (DRUM)",
    "3515": "Bidrag VGR, Miljönämnden: Fossilfri Boråsregion",
    "3516": "Bidrag VGR, Närvårdssamverkan",
    "3520": "EU-bidrag",
    "3530": "Nollning av projektkostnader mot tidigare utbetalade medel",
    "3590": "Interna intäkter",
    "4010": "Material och varor",
    "4610": "Lämnade bidrag till projekt och verksamheter",
    "5010": "Löner",
    "5090": "Förändring semesterlöneskuld",
    "5410": "Arbetsgivaravgifter",
    "5510": "Pensionskostnader",
    "5590": "Särskild löneskatt",
    "6110": "Lokalhyror",
    "6410": "Konsulttjänster",
    "6450": "Revisionstjänster",
    "6550": "IT-tjänster",
    "6590": "Interna kostnader",
    "6910": "Resor och konferenser",
    "7910": "Avskrivningar inventarier",
    "3610": "Förbundsbidrag från medlemskommunerna",
    "3611": "Medlemsavgifter från medlemskommunerna",
    "8442": "Ränteintäkter internbanken",
    "8540": "Räntekostnader och bankavgifter",
    "8590": "Indexuppräkning bidrag till statlig infrastruktur (E20)",
    "8999": "Årets resultat",
}

COUNTERPARTS = {v: k for k, v in T.MUNICIPALITIES.items()} | {
    "VGR": "Västra Götalandsregionen",
    "SKOLV": "Skolverket",
    "SOCST": "Socialstyrelsen",
    "TVV": "Tillväxtverket",
    "TRV": "Trafikverket",
    "LEV01": "Atea Sverige AB",
    "LEV02": "Borås Stad Lokalförsörjning",
    "LEV03": "PwC Sverige AB",
    "LEV04": "Kinnarps AB",
    "LEV05": "Tengbom Utställningsproduktion AB",
}
PROJECTS = {
    "6021": "Navet utställningsmoduler 2022",
    "6022": "Kontorsinventarier 2022",
    "6101": "Inventarier kontor och möteslokaler",
    "6102": "Ny utställning Navet science center",
}
UNIT_SHORT = {
    "100": "Förbundskansli",
    "110": "Administration",
    "200": "Regional utveckling",
    "300": "Välfärdsutveckling",
    "400": "BRB",
    "500": "DSO",
    "600": "MC",
    "700": "VO-college",
    "800": "Navet",
    "900": "NVS",
}
CONTRIB_ACCOUNT = {u: ("3610" if u in ("100", "110", "200", "300") else "3611") for u in T.UNITS}

# revenue per unit in the budget (budget.py): account, weight, counterpart
REV_PROFILE = {
    "100": [("3410", 1, None)],
    "110": [("3410", 1, None)],
    "200": [
        ("3512", 45, "VGR"),
        ("3513", 12, "VGR"),
        ("3514", 9, "VGR"),
        ("3490", 14, "TVV"),
        ("3530", 10, None),
        ("3410", 10, None),
    ],
    "300": [("3490", 60, "SOCST"), ("3410", 40, None)],
    "400": [("3410", 1, None)],
    "500": [("3410", 1, None)],
    "600": [("3410", 1, None)],
    "700": [("3410", 1, None)],
    "800": [("3110", 40, None), ("3511", 20, "VGR"), ("3490", 25, "SKOLV"), ("3410", 15, None)],
    "900": [("3516", 60, "VGR"), ("3530", 15, None), ("3410", 25, None)],
}
# note 1 row → counterpart (dim 8) per unit; the account is model.NOTE1_ROWS
ROW_COUNTERPART = {
    "Statsbidrag": {"200": "TVV", "300": "SOCST", "800": "SKOLV"},
    "RUN NAVET": "VGR",
    "RUN DRUM": "VGR",
    "KN DRUM": "VGR",
    "MN DRUM": "VGR",
    "MN Fossilfri Boråsregion": "VGR",
    "VGR Närvårdssamverkan": "VGR",
}
GRANT_TEXT = {
    "3490": "statsbidrag",
    "3511": "bidrag RUN Navet",
    "3512": "RUN DRUM",
    "3513": "KN DRUM",
    "3514": "MN DRUM",
    "3515": "MN Fossilfri Boråsregion",
    "3516": "bidrag VGR Närvårdssamverkan",
    "3520": "EU-bidrag",
}
# "Övriga intäkter" per unit: account, weight (sales of services; Navet's entrance fees)
OTHER_REVENUE = {"800": [("3110", 75), ("3410", 25)]}
OTHER_COST = {  # non-personnel cost split in the budget; the ledger books 46xx and 6450 from note 2 (model)
    "100": [("6450", 10, "LEV03"), ("6410", 40, "LEV03"), ("6110", 30, "LEV02"), ("6910", 20, None)],
    "110": [("6550", 60, "LEV01"), ("6110", 25, "LEV02"), ("4010", 15, None)],
    "200": [("4610", 80, None), ("6410", 15, None), ("6910", 5, None)],
    "300": [("6410", 60, None), ("6910", 40, None)],
    "400": [("6410", 70, None), ("6910", 30, None)],
    "500": [("6550", 60, "LEV01"), ("6910", 40, None)],
    "600": [("6410", 70, None), ("6110", 30, "LEV02")],
    "700": [("4610", 50, None), ("6910", 50, None)],
    "800": [("6110", 40, "LEV02"), ("4010", 35, None), ("6410", 25, "LEV05")],
    "900": [("4610", 40, None), ("6410", 40, None), ("6910", 20, None)],
}
# "Material och tjänster" (note 2) per unit: OTHER_COST without grants (46xx) and audit (6450)
MATERIAL_COST = {
    u: [(a, w, cp) for a, w, cp in rows if not a.startswith(("46", "6450"))] for u, rows in OTHER_COST.items()
}
COST_ACCOUNT = {"bidrag": ("4610", None), "revision": ("6450", "LEV03")}
VAT_ON = {"6410", "6550", "4010", "6910"}
PAYROLL_LIABILITIES = ("2710", "2730", "2740", "2920", "2940")
PAY = [("5010", 10000), ("5410", 3142), ("5510", 450), ("5590", 109), ("5090", 200)]
