"""Adds a capability's msgids to its English catalog: `python -m tools.i18n_extract <capability>|core|workflows`.

`workflows` extracts the engine's `N_("…")` markers (workflows/messages.py) from the `workflows`
package into eoffice/translations_workflows/en/LC_MESSAGES/messages.po, which the app loads too.

msgids are Bahasa Indonesia (the default locale); the English catalog must translate every one
(tests/eoffice/test_i18n.py fails on any untranslated string).
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "eoffice"
WORKFLOWS_DIR = PACKAGE_DIR.parent / "workflows"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "N_": None}
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.do"}}


def source_messages(capability: str) -> dict[str, list[str]]:
    """msgid → source locations, for one capability (or 'core': eoffice/*.py, eoffice/core, eoffice/app and eoffice/templates)."""
    found: dict[str, list[str]] = {}

    def add(msgid, location):
        if isinstance(msgid, tuple):
            msgid = msgid[0]
        if msgid:
            found.setdefault(msgid, []).append(location)

    if capability == "workflows":  # the engine marks its messages with N_ only
        for path in sorted(WORKFLOWS_DIR.rglob("*.py")):
            for lineno, msgid, _comments, _ctx in extract_from_file("python", str(path), keywords={"N_": None}):
                add(msgid, f"{path.relative_to(WORKFLOWS_DIR.parent)}:{lineno}")
        return found
    if capability == "core":
        files = [p for pattern in ("*.py", "core/*.py", "app/*.py") for p in sorted(PACKAGE_DIR.glob(pattern))]
        files += list((PACKAGE_DIR / "templates").glob("**/*.html"))
        for path in files:
            method = "jinja2" if path.suffix == ".html" else "python"
            options = OPTIONS["**/templates/**.html"] if method == "jinja2" else None
            for lineno, msgid, _comments, _ctx in extract_from_file(method, str(path), keywords=KEYWORDS,
                                                                    options=options):
                add(msgid, f"{path.relative_to(PACKAGE_DIR)}:{lineno}")
        return found
    base = PACKAGE_DIR / capability.replace(".", "/")
    nested = {str(child) for child in base.iterdir() if (child / "__init__.py").exists()} if base.is_dir() else set()

    def outside_nested(dirpath: str) -> bool:  # letters.dispositions has its own catalog
        return dirpath not in nested and not Path(dirpath).name.startswith((".", "_"))

    for filename, lineno, msgid, _comments, _ctx in extract_from_dir(str(base), METHODS, keywords=KEYWORDS,
                                                                     options_map=OPTIONS,
                                                                     directory_filter=outside_nested):
        add(msgid, f"{capability}/{filename}:{lineno}")
    return found


def catalog_path(capability: str) -> Path:
    if capability == "workflows":
        return PACKAGE_DIR / "translations_workflows" / "en" / "LC_MESSAGES" / "messages.po"
    base = PACKAGE_DIR if capability == "core" else PACKAGE_DIR / capability.replace(".", "/")
    return base / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def update(capability: str) -> tuple[int, int]:
    path = catalog_path(capability)
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh)
    else:
        catalog = Catalog(locale="en", project="eoffice")
    added = 0
    for msgid, locations in source_messages(capability).items():
        if msgid not in catalog:
            catalog.add(msgid, "", locations=[(f, int(n)) for f, n in (loc.rsplit(":", 1) for loc in locations[:3])])
            added += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    missing = sum(1 for m in catalog if m.id and not m.string)
    return added, missing


if __name__ == "__main__":
    for cap in sys.argv[1:]:
        added, missing = update(cap)
        print(f"{cap}: {added} msgids added, {missing} without translation in {catalog_path(cap)}")
