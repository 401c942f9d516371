"""python -m benchmarks [name ...] [--quick]: run the benchmarks (all of them by default)."""

import argparse
import importlib
import sys
import time

# name -> module; each module has run(quick: bool) -> common.Report
BENCHMARKS = {
    "scoring": "benchmarks.scoring",
    "pages": "benchmarks.pages",
    "export": "benchmarks.export",
    "import": "benchmarks.imports",
    "mapped-import": "benchmarks.mapped_import",
    "submissions": "benchmarks.submissions",
    "invitations": "benchmarks.invitations",
    "comment-themes": "benchmarks.comment_themes",
    "comment-review": "benchmarks.comment_review",
    "committee-pack": "benchmarks.committee_pack",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "names", nargs="*", metavar="name", help=f"which to run: {', '.join(BENCHMARKS)} (default: all)"
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes and short runs, to check they work")
    args = parser.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark called {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    started = time.perf_counter()
    reports = []
    for name in names:
        module = importlib.import_module(BENCHMARKS[name])
        report = module.run(quick=args.quick)
        path = report.save()
        print(f"  saved {path}", flush=True)
        reports.append(report)
    print(f"\n== Summary ({time.perf_counter() - started:.0f} s)")
    for report in reports:
        for ratio in report.ratios:
            print(f"  {report.name}: ratio {ratio['what']}: {ratio['ratio']:.2f}x {ratio['baseline_what']}")
        for target in report.targets:
            print(f"  {report.name}:{target.line().removeprefix(' ')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
