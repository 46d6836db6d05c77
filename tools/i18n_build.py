"""Compiles every capability's .po catalog to .mo (run by the Makefile before the app starts)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "eoffice"


def compile_all() -> int:
    count = 0
    for po_path in PACKAGE_DIR.glob("**/translations*/*/LC_MESSAGES/*.po"):  # translations_workflows too
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        with po_path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)
        count += 1
    return count


if __name__ == "__main__":
    print(f"compiled {compile_all()} catalogs")
