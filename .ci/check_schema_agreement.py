#!/usr/bin/env python3
"""Checks that schemas/sop.schema.json and the loader agree on the corpus of broken files.

Usage (from the repository root):
    python3 .ci/check_schema_agreement.py PATH/TO/sop

Every fixture in Tests/SOPLoaderTests/Fixtures/invalid/ starts with comment lines such as
    # expect: SOP021 error 14:12
naming each diagnostic the loader must report for it. `sop rules --format json` says which
codes the JSON Schema also enforces (`schemaEnforced`). A fixture is *structural* when any
of its expected codes is schema-enforced; check-jsonschema must then REJECT it. Every other
fixture only breaks rules of meaning (duplicate ids, undeclared roles, the flowchart graph,
...), which no schema can see, so check-jsonschema must ACCEPT it. The shipped SOPs in
sops/*.yaml (not the calendars) must be accepted too.

A rule of meaning can have instances that are structural all the same: an outcome with both
`next` and `end` is SOP029 (transition-shape), like an end step with a `next`, but the schema
sees it (the outcome's `oneOf`). Such a fixture says so in a line
    # schema: rejects (why)
and check-jsonschema must then REJECT it; the line never makes a fixture with a schema-enforced
code one the schema may accept.

Prints one line per disagreement, then `schema agreement: N passed, M failed`.
Exit status: 0 all agree, 1 some disagree, 2 the check itself could not run.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = "Tests/SOPLoaderTests/Fixtures/invalid"
SCHEMA = "schemas/sop.schema.json"
EXPECT = re.compile(r"^#\s*expect:\s*(SOP\d{3})\s+(error|warning)\s+(\d+):(\d+)\s*$")
SCHEMA_REJECTS = re.compile(r"^#\s*schema:\s*rejects\b(.*)$")


def fail_to_run(message):
    print(f"check_schema_agreement: {message}", file=sys.stderr)
    sys.exit(2)


def schema_enforced_codes(sop):
    try:
        out = subprocess.run([sop, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout
        rules = json.loads(out)
    except (OSError, subprocess.CalledProcessError, json.JSONDecodeError) as error:
        fail_to_run(f"cannot read the rule catalogue from `{sop} rules --format json`: {error}")
    return {rule["code"] for rule in rules if rule.get("schemaEnforced")}, {rule["code"] for rule in rules}


def expected_codes(path):
    """The codes of the `# expect:` lines, and the reason of a `# schema: rejects` line (None
    without one). Read as bytes: some fixtures are binary or Latin-1 on purpose, but their
    expect lines are ASCII."""
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8", errors="replace").splitlines()
    codes = []
    rejects = None
    for line in lines:
        match = EXPECT.match(line.strip())
        if match:
            codes.append(match.group(1))
        marked = SCHEMA_REJECTS.match(line.strip())
        if marked:
            rejects = marked.group(1).strip(" ()") or "marked `# schema: rejects`"
    return codes, rejects


def check_jsonschema_command():
    exe = shutil.which("check-jsonschema")
    if exe:
        return [exe]
    return [sys.executable, "-m", "check_jsonschema"]


def schema_verdicts(files):
    """Maps each file to None (accepted) or a short reason (rejected), from one batch run."""
    cmd = check_jsonschema_command() + ["--output-format", "json", "--schemafile", SCHEMA] + files
    try:
        run = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as error:
        fail_to_run(f"cannot run check-jsonschema ({error}); pip install check-jsonschema")
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        report = None
    if run.returncode not in (0, 1) or not isinstance(report, dict):
        detail = (run.stderr or run.stdout).strip().splitlines()
        fail_to_run("check-jsonschema did not produce a report: " + (" | ".join(detail[:6]) or f"exit {run.returncode}"))
    verdicts = {f: None for f in files}
    for error in report.get("errors", []):
        name = error.get("filename")
        reason = f"{error.get('path', '$')}: {error.get('message', '')}"
        if name in verdicts and verdicts[name] is None:
            verdicts[name] = reason
    for error in report.get("parse_errors", []):
        name = error.get("filename")
        if name in verdicts:
            verdicts[name] = "not parsed: " + error.get("message", "")
    if run.returncode == 1 and all(v is None for v in verdicts.values()):
        fail_to_run("check-jsonschema failed but named no file: " + run.stdout.strip()[:300])
    return verdicts


def main():
    if len(sys.argv) != 2:
        print("usage: python3 .ci/check_schema_agreement.py PATH/TO/sop", file=sys.stderr)
        sys.exit(2)
    sop = os.path.abspath(sys.argv[1])
    os.chdir(ROOT)
    if not os.path.isfile(SCHEMA):
        fail_to_run(f"{SCHEMA} is missing")
    enforced, known = schema_enforced_codes(sop)

    fixtures = sorted(glob.glob(os.path.join(FIXTURES, "*.yaml")))
    sops = sorted(glob.glob("sops/*.yaml"))
    if not fixtures:
        fail_to_run(f"no fixtures in {FIXTURES}")

    problems = []
    expectations = {}  # file -> (must be rejected?, why)
    for path in fixtures:
        codes, rejects = expected_codes(path)
        unknown = sorted(set(codes) - known)
        if not codes:
            problems.append(f"{path}: no `# expect:` lines")
            continue
        if unknown:
            problems.append(f"{path}: expects codes the engine does not define: {', '.join(unknown)}")
            continue
        structural = sorted(set(codes) & enforced)
        if structural:
            expectations[path] = (True, "structural: " + ", ".join(structural))
        elif rejects:
            expectations[path] = (True, f"marked for the schema: {rejects} ({', '.join(sorted(set(codes)))})")
        else:
            expectations[path] = (False, "semantic only: " + ", ".join(sorted(set(codes))))
    for path in sops:
        expectations[path] = (False, "shipped SOP")

    verdicts = schema_verdicts(list(expectations))
    passed = 0
    for path, (must_reject, why) in expectations.items():
        reason = verdicts[path]
        rejected = reason is not None
        if rejected == must_reject:
            passed += 1
        elif must_reject:
            problems.append(f"{path}: schema ACCEPTS it, but the loader reports schema-enforced codes ({why})")
        else:
            problems.append(f"{path}: schema REJECTS it ({reason}), but it should pass the schema ({why})")

    for line in problems:
        print(line)
    print(f"schema agreement: {passed} passed, {len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
