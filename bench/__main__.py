"""`make bench` → `python -m bench`: run every benchmark module and print its figures.

`python -m bench --only load` (or a comma list) selects modules; arguments after `--` go to the
selected module, e.g. `python -m bench --only size -- --count 100000`. Figures are printed,
never asserted; a module that fails is reported and the others still run.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import sys
import time
import traceback

MODULES = ["engine_bench", "sign_bench", "http_cycle", "letters_bench", "load", "size"]


def run(name: str, argv: list[str]) -> bool:
    module = importlib.import_module(f"bench.{name}")
    takes_argv = bool(inspect.signature(module.main).parameters)
    began = time.monotonic()
    print(f"\n=== bench.{name} ===", flush=True)
    try:
        module.main(argv) if takes_argv else module.main()
    except Exception:
        traceback.print_exc()
        print(f"=== bench.{name} FAILED ===", flush=True)
        return False
    print(f"=== bench.{name}: {time.monotonic() - began:.0f} s ===", flush=True)
    return True


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    own = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help=f"comma list of {', '.join(MODULES)}")
    args = parser.parse_args(own)
    chosen = [m.strip() for m in args.only.split(",") if m.strip()] or MODULES
    unknown = [m for m in chosen if m not in MODULES]
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; choose from {MODULES}")
    results = {name: run(name, extra) for name in chosen}
    failed = [n for n, ok in results.items() if not ok]
    print(f"\nbenchmarks run: {len(results)}, failed: {failed or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
