#!/usr/bin/env python3
"""Independent cross-check of the national holiday calendar against the `holidays` package.

Loads sops/calendars/national.yaml (PyYAML) and, for every year it covers, compares its
dates with holidays.country_holidays('ID', years=y, categories=('public', 'government')).

What is compared: the set of dates per year, and each date's category. Names are not
compared, because the two sides spell them differently. Kinds map to the package's
categories like this:
    national, election -> public      (libur nasional; the package lists voting days as public)
    joint-leave        -> government  (cuti bersama; the package lists them only under
                                       categories=('government',))
The category of each package date comes from two extra calls, one with
categories=('public',) and one with ('government',). The combined call is also checked
to return exactly their union, so a change in how the package handles categories fails
loudly instead of silently.

Each date gives one of:
    agree        present on both sides, same category set
    ours-only    only in national.yaml
    theirs-only  only in the package
    kind         on both sides, but the categories differ (for example national here,
                 government there). The brief suggested calling this side `name`;
                 since names are never compared, the side is called `kind`.

Known, justified differences are listed in Tests/Fixtures/holiday-differences.yaml as a
YAML list of {date, side, reason}. The script fails (exit 1) on:
    - any difference in a strict year that is not listed, and
    - any listed difference that no longer occurs (a stale entry), in any year.
Strict years run up to VERIFIED_THROUGH. Later years in the calendar (2027 today) are
advisory: the decree was not verified and the package estimates the Islamic dates, so an
unlisted difference there is printed as WARN and does not fail (--strict-all makes it fail).
Structural problems (unsorted dates, a bad kind, a year outside the range, a bad fixture)
exit 2.

The last line is always `holidays: N passed, M failed`:
    N = dates that agree, over all years compared;
    M = unlisted differences in strict years + stale fixture entries.

Usage: python3 .ci/check_holidays.py [--calendar PATH] [--differences PATH] [--strict-all]
Needs: PyYAML and holidays; the versions are pinned in .ci/requirements.txt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path

import yaml

try:
    import holidays
except ImportError:  # pragma: no cover - reported as a clear CI error
    print("error: the `holidays` package is not installed (pip install -r .ci/requirements.txt)",
          file=sys.stderr)
    print("holidays: 0 passed, 1 failed")
    sys.exit(2)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CALENDAR = REPO / "sops" / "calendars" / "national.yaml"
DEFAULT_DIFFERENCES = REPO / "Tests" / "Fixtures" / "holiday-differences.yaml"

# Last year whose decree (SKB 3 Menteri) has been checked against national.yaml.
VERIFIED_THROUGH = 2026

KIND_TO_CATEGORY = {
    "national": "public",
    "election": "public",
    "joint-leave": "government",
}
SIDES = ("ours-only", "theirs-only", "kind")


class StructureError(Exception):
    pass


def as_date(value, where: str) -> dt.date:
    # PyYAML turns an unquoted 2024-01-01 into datetime.date; a quoted one stays a string.
    if isinstance(value, dt.datetime):
        raise StructureError(f"{where}: expected a date, got a date-time {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise StructureError(f"{where}: expected a date YYYY-MM-DD, got {value!r}")


def load_calendar(path: Path):
    with path.open(encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict):
        raise StructureError(f"{path}: not a YAML mapping")
    years = doc.get("years") or {}
    y_from, y_to = years.get("from"), years.get("to")
    if not isinstance(y_from, int) or not isinstance(y_to, int) or y_from > y_to:
        raise StructureError(f"{path}: years must be {{from: int, to: int}} with from <= to, got {years!r}")

    # YAML 1.1 (PyYAML, and possibly other loaders) reads an unquoted 13:00 as the number
    # 780; check-jsonschema reads YAML 1.2 and does not notice, so catch it here.
    for day, intervals in (doc.get("officeHours") or {}).items():
        for i, iv in enumerate(intervals or []):
            for key in ("from", "to"):
                if not isinstance(iv.get(key), str):
                    raise StructureError(
                        f"{path}: officeHours.{day}[{i}].{key} = {iv.get(key)!r} is not a string; quote it")

    ours: dict[int, dict[dt.date, set[str]]] = defaultdict(lambda: defaultdict(set))
    names: dict[dt.date, list[str]] = defaultdict(list)
    previous = None
    for i, h in enumerate(doc.get("holidays") or []):
        where = f"{path}: holidays[{i}]"
        d = as_date(h.get("date"), where)
        kind = h.get("kind")
        if kind not in KIND_TO_CATEGORY:
            raise StructureError(f"{where} ({d}): kind {kind!r} does not belong in the national calendar "
                                 f"(expected one of {sorted(KIND_TO_CATEGORY)})")
        if not (y_from <= d.year <= y_to):
            raise StructureError(f"{where}: {d} is outside years {y_from}-{y_to}")
        if previous is not None and d < previous:
            raise StructureError(f"{where}: {d} comes after {previous}; holidays must be sorted by date")
        previous = d
        ours[d.year][d].add(KIND_TO_CATEGORY[kind])
        names[d].append(f"{h.get('name')} [{kind}]")
    return (y_from, y_to), ours, names


def load_differences(path: Path):
    if not path.exists():
        raise StructureError(f"{path}: missing (an empty list `[]` means no known differences)")
    with path.open(encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if doc is None:
        doc = []
    if not isinstance(doc, list):
        raise StructureError(f"{path}: must be a YAML list of {{date, side, reason}}")
    listed: dict[tuple[dt.date, str], str] = {}
    for i, entry in enumerate(doc):
        where = f"{path}: [{i}]"
        if not isinstance(entry, dict) or set(entry) - {"date", "side", "reason"}:
            raise StructureError(f"{where}: expected exactly the keys date, side, reason; got {entry!r}")
        d = as_date(entry.get("date"), where)
        side = entry.get("side")
        if side not in SIDES:
            hint = " (same-date differences are called `kind`: names are not compared)" if side == "name" else ""
            raise StructureError(f"{where} ({d}): side {side!r} is not one of {', '.join(SIDES)}{hint}")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise StructureError(f"{where} ({d}): a reason is required")
        if (d, side) in listed:
            raise StructureError(f"{where}: {d} {side} is listed twice")
        listed[(d, side)] = reason.strip()
    return listed


def package_year(year: int):
    """Return ({date: set(categories)}, {date: name}) from the holidays package for one year."""
    public = holidays.country_holidays("ID", years=year, categories=("public",))
    government = holidays.country_holidays("ID", years=year, categories=("government",))
    combined = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    by_date: dict[dt.date, set[str]] = defaultdict(set)
    for d in public:
        by_date[d].add("public")
    for d in government:
        by_date[d].add("government")
    if set(combined) != set(by_date):
        raise StructureError(
            f"holidays {holidays.__version__}: categories=('public','government') for {year} is not the union "
            f"of the two single-category calls; the category mapping in this script needs review")
    return by_date, {d: combined.get(d) for d in combined}


def describe(cats) -> str:
    return "+".join(sorted(cats)) if cats else "nothing"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calendar", type=Path, default=DEFAULT_CALENDAR)
    ap.add_argument("--differences", type=Path, default=DEFAULT_DIFFERENCES)
    ap.add_argument("--strict-all", action="store_true",
                    help=f"also fail on unlisted differences after {VERIFIED_THROUGH}")
    args = ap.parse_args(argv)

    try:
        (y_from, y_to), ours, our_names = load_calendar(args.calendar)
        listed = load_differences(args.differences)
    except (StructureError, OSError, yaml.YAMLError) as e:
        print(f"error: {e}")
        print("holidays: 0 passed, 1 failed")
        return 2

    print(f"holidays package {holidays.__version__}; PyYAML {yaml.__version__}")
    print(f"calendar {args.calendar} (years {y_from}-{y_to}); known differences {args.differences} "
          f"({len(listed)} listed)")

    passed = 0
    failed = 0
    warned = 0
    explained = 0
    seen: set[tuple[dt.date, str]] = set()

    for year in range(y_from, y_to + 1):
        strict = args.strict_all or year <= VERIFIED_THROUGH
        try:
            theirs, their_names = package_year(year)
        except StructureError as e:
            print(f"error: {e}")
            print(f"holidays: {passed} passed, {failed + 1} failed")
            return 2
        mine = ours.get(year, {})
        agree = 0
        for d in sorted(set(mine) | set(theirs)):
            a, b = mine.get(d, set()), theirs.get(d, set())
            if a == b:
                agree += 1
                continue
            side = "ours-only" if not b else "theirs-only" if not a else "kind"
            detail = (f"ours: {describe(a)} ({'; '.join(our_names.get(d, [])) or '-'}), "
                      f"package: {describe(b)} ({their_names.get(d) or '-'})")
            key = (d, side)
            if key in listed:
                seen.add(key)
                explained += 1
                print(f"  explained {d} {side}: {detail}\n            reason: {listed[key]}")
            elif strict:
                failed += 1
                print(f"  FAIL {d} {side}: {detail}\n       not in {args.differences.name}")
            else:
                warned += 1
                print(f"  WARN {d} {side}: {detail}\n       (advisory year {year}: not failing; "
                      f"list it in {args.differences.name} once the decree is checked)")
        passed += agree
        mode = "strict" if strict else "advisory"
        print(f"{year} ({mode}): ours {len(mine)} dates, package {len(theirs)} dates, {agree} agree")

    for key in sorted(set(listed) - seen):
        d, side = key
        failed += 1
        print(f"  STALE {d} {side}: listed in {args.differences.name} but no longer a difference "
              f"(reason was: {listed[key]}); remove the entry")

    print(f"explained differences: {explained}; advisory warnings: {warned}")
    print(f"holidays: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
