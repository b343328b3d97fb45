#!/usr/bin/env python3
"""Checks that the loader classifies plain YAML scalars as check-jsonschema's reader does.

Usage (from the repository root):
    python3 .ci/check_scalar_kinds.py

The loader's classification (Sources/SOPLoader/YAML/ScalarKinds.swift) is pinned by the table of
Tests/SOPLoaderTests/ScalarKindsTests.swift: `("1_000", .int)` and so on. This script reads that
table and resolves every scalar with ruamel.yaml, the YAML reader behind check-jsonschema (and so
behind schemas/sop.schema.json in CI), as the value of a plain mapping entry. A scalar the two read
differently (a number for one, text for the other) would make the loader and the schema disagree
on a file (issue #16, finding 8: `1_000_000`).

Prints one line per disagreement, then `scalar kinds: N agree, M disagree`.
Exit status: 0 all agree, 1 some disagree, 2 the check itself could not run.
"""

import datetime
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = "Tests/SOPLoaderTests/ScalarKindsTests.swift"
ENTRY = re.compile(r'\("((?:[^"\\]|\\.)*)",\s*(?:YAMLValue\.ScalarKind)?\.(null|bool|int|float|string)\)')


def kind_of(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, (str, datetime.date, datetime.datetime)):
        return "string"  # check-jsonschema passes dates on as text
    return type(value).__name__


def main():
    try:
        from ruamel.yaml import YAML
    except ImportError:
        print("check_scalar_kinds: ruamel.yaml is missing (pip install -r .ci/requirements.txt)", file=sys.stderr)
        sys.exit(2)
    os.chdir(ROOT)
    with open(TABLE, encoding="utf-8") as f:
        entries = ENTRY.findall(f.read())
    if len(entries) < 20:
        print(f"check_scalar_kinds: found only {len(entries)} entries in {TABLE}", file=sys.stderr)
        sys.exit(2)
    from ruamel.yaml.parser import ParserError
    from ruamel.yaml.scanner import ScannerError
    yaml = YAML(typ="safe")
    problems = []
    skipped = 0
    for text, expected in entries:
        try:
            actual = kind_of(yaml.load("v: " + text)["v"])
        except (ScannerError, ParserError):
            skipped += 1  # `-` alone is not a plain scalar in any file: the loader never classifies it
            continue
        except Exception as error:  # ruamel builds no value for some forms (`+_`): no kind
            actual = f"error ({type(error).__name__})"
        if actual != expected:
            problems.append(f"{text!r}: the loader reads {expected}, ruamel.yaml {actual}")
    for line in problems:
        print(line)
    print(f"scalar kinds: {len(entries) - len(problems) - skipped} agree, {len(problems)} disagree, {skipped} not plain scalars")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
