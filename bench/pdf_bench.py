"""BENCH pdf_overhead_ratio: print_document vs WeasyPrint alone on the same HTML.

    DJANGO_SETTINGS_MODULE=thidua.settings .venv/bin/python bench/pdf_bench.py

Times ``print_document plan 591/KH-UBND`` in-process (lookup, build, template, PDF,
file write), warm, and WeasyPrint rendering the very HTML string that command renders,
alternating the two; prints the ratio of the medians of 10 runs (target ≤ 1.15).
Both are CPU-bound and in this process, so they are timed in process CPU time: the
other processes sharing the machine's two cores do not skew the ratio.
Loads the demo data first if the plan is not in the database. ``BENCH_SMOKE=1``
(bench/_smoke.py): 1 run, on its own copy of a database with the demo data.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _smoke  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
if _smoke.SMOKE:  # not the configured database: a copy made for this run
    os.environ["DATABASE_URL"] = _smoke.database_url(f"{_smoke.SERVER}/thidua_bench_pdf")
    _smoke.create_database(os.environ["DATABASE_URL"], lambda m: print(f"# {m}", file=sys.stderr))

import django  # noqa: E402

django.setup()

from django.core.exceptions import ObjectDoesNotExist  # noqa: E402
from django.core.management import call_command  # noqa: E402
from weasyprint import HTML  # noqa: E402

from documents.registry import get_kind  # noqa: E402
from documents.render import base_url, render_html  # noqa: E402

REFERENCE, YEAR = "591/KH-UBND", 2024
RUNS, WARM = _smoke.pick((10, 2), (1, 1))


def main() -> None:
    kind = get_kind("plan")
    call_command("migrate", verbosity=0)  # a no-op once applied; run alone, the bench sets up
    try:
        plan = kind.lookup(REFERENCE, YEAR)
    except ObjectDoesNotExist:
        call_command("load_demo", verbosity=0)
        plan = kind.lookup(REFERENCE, YEAR)
    html = render_html(kind, kind.build(plan))
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "plan.pdf")

        def command() -> None:
            call_command(
                "print_document",
                "plan",
                REFERENCE,
                "--year",
                str(YEAR),
                "--output",
                out,
                verbosity=0,
            )

        def weasyprint_only() -> None:
            HTML(string=html, base_url=base_url()).write_pdf()

        for _ in range(WARM):  # warm: imports, fonts, template loaders, DB connection
            command()
            weasyprint_only()
        full, bare = [], []
        for _ in range(RUNS):
            start = time.process_time()
            command()
            full.append(time.process_time() - start)
            start = time.process_time()
            weasyprint_only()
            bare.append(time.process_time() - start)
    ratio = statistics.median(full) / statistics.median(bare)
    print(f"BENCH pdf_overhead_ratio {ratio:.3f} ratio")
    print(
        f"# print_document median {statistics.median(full):.3f} s CPU, "
        f"WeasyPrint alone {statistics.median(bare):.3f} s CPU",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
