"""Run the benchmarks: `make bench` or `python -m bench [rush] [planning]`.

Needs PostgreSQL: DATABASE_URL names a database that is dropped and created
again (default postgres://postgres@127.0.0.1:5432/portail_bench).
"""

import argparse
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=["rush", "planning"])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--families",
        type=int,
        default=500,
        help="families in the rush (one request each)",
    )
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "portail.settings_bench"
    import django

    django.setup()
    from . import harness

    print(f"Machine: {harness.machine_description()}")
    for name in args.names:
        if name == "rush":
            from . import rush

            result = rush.run(workers=args.workers, families=args.families)
        elif name == "planning":
            from . import planning

            result = planning.run()
        else:
            parser.error(f"unknown benchmark {name!r}: choose rush or planning")
        print(f"\n## {name}\n{json.dumps(result, indent=2, default=str)}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
