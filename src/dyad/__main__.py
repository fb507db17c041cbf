"""`python -m dyad`: the same command line as `dyad`."""

from dyad.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
