"""Fetch the JavaScript/CSS/font files GX Data Docs load from CDNs, from the npm registry, into
src/rakenskaper/data_docs_assets/ (with each package's licence), and write its README.md with the provenance.

Run it only to change a version (the files are committed):  python tools/vendor_data_docs_assets.py

Each package is the npm registry tarball of the exact version Great Expectations' Data Docs templates
reference (for jsDelivr's `vega@5`-style major-only URLs: the newest release of that major line, which is what
the CDN serves). The tarball's `dist.integrity` (sha512, from the registry's metadata) is checked before
anything is extracted; the README records the tarball's sha256 and every kept file's sha256.

The mapping CDN URL -> vendored file lives in rakenskaper.data_docs (CDN_ASSETS); this script reads the
package list from there so the two cannot drift.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from rakenskaper.data_docs import ASSETS_DIR, PACKAGES  # noqa: E402

REGISTRY = "https://registry.npmjs.org"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - fixed https registry URL
        return response.read()


def main() -> None:
    if ASSETS_DIR.exists():
        shutil.rmtree(ASSETS_DIR)
    ASSETS_DIR.mkdir(parents=True)
    rows = []
    for pkg in PACKAGES:
        meta = json.loads(_get(f"{REGISTRY}/{pkg.name.replace('/', '%2F')}/{pkg.version}"))
        tarball_url = meta["dist"]["tarball"]
        data = _get(tarball_url)
        algo, _, expected = meta["dist"]["integrity"].partition("-")
        actual = base64.b64encode(hashlib.new(algo, data).digest()).decode()
        if actual != expected:
            raise SystemExit(f"{pkg.name}@{pkg.version}: tarball integrity mismatch")
        tarball_sha256 = hashlib.sha256(data).hexdigest()
        target = ASSETS_DIR / pkg.folder
        kept = []
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            members = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if m.isfile() and "/" in m.name}
            wanted = list(pkg.files) + [pkg.licence or "package.json"]
            for pattern in pkg.globs:
                wanted += sorted(n for n in members if Path(n).match(pattern))
            for name in wanted:
                if name not in members:
                    raise SystemExit(f"{pkg.name}@{pkg.version}: no {name} in the tarball")
                stored = pkg.stored_path(name)
                out = target / stored
                out.parent.mkdir(parents=True, exist_ok=True)
                content = tar.extractfile(members[name]).read()
                out.write_bytes(content)
                kept.append((stored, name, hashlib.sha256(content).hexdigest(), len(content)))
        rows.append((pkg, tarball_url, tarball_sha256, meta.get("license"), kept))
        print(f"{pkg.name}@{pkg.version}: {len(kept)} files")
    _write_readme(rows)


def _write_readme(rows) -> None:
    lines = [
        "# Data Docs assets (vendored)",
        "",
        "The files Great Expectations' Data Docs pages load from CDNs (unpkg, jsDelivr, cdnjs, code.jquery.com,",
        "the Bootstrap CDN), taken from the **npm registry** (https://registry.npmjs.org) at the exact versions",
        "GX's templates reference, so the published Data Docs work offline. After the gate builds Data Docs,",
        "`rakenskaper.data_docs.make_offline` copies this folder to `data_docs/static/vendor/` and points the",
        "pages at it. Written by `tools/vendor_data_docs_assets.py` (run it again only to change a version; it",
        "checks each tarball against the registry's `dist.integrity` sha512 before extracting).",
        "",
        "Each package keeps its own licence file in its folder. GX's templates use `vega@5`, `vega-lite@5` and",
        "`vega-embed@6` (a major line, not a version): the newest release of each line is vendored, as the CDN",
        "would serve it. The filter-control stylesheet is referenced at bootstrap-table 1.19.0 (the scripts at",
        "1.19.1); both are vendored as referenced. For `@forevolve/bootstrap-dark`'s `bootstrap-prefers-dark.css`",
        "the package's own minified build of it (`.min.css`, same package and version) is used. The `vega` 5.33.1",
        "and `popper.js` 1.12.9 tarballs carry no",
        "licence file: their `package.json` (which names the licence: BSD-3-Clause and MIT) is kept instead, and",
        "popper.min.js carries its MIT notice in its first line.",
        "",
        "| package | version | licence | registry tarball | tarball sha256 |",
        "|---|---|---|---|---|",
    ]
    for pkg, url, sha, licence, _ in rows:
        lines.append(f"| `{pkg.name}` | {pkg.version} | {licence} | {url} | `{sha}` |")
    lines += [
        "",
        "## Files",
        "",
        "Kept under `<package>@<version>/`, with a leading `dist/` or `build/` of the package path dropped",
        "(the repository ignores folders of those names); the file is byte for byte the tarball's.",
        "",
        "| file | path in the package | bytes | sha256 |",
        "|---|---|---|---|",
    ]
    for pkg, _, _, _, kept in rows:
        for stored, name, sha, size in kept:
            lines.append(f"| `{pkg.folder}/{stored}` | `{name}` | {size} | `{sha}` |")
    (ASSETS_DIR / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
