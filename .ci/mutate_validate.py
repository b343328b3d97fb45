#!/usr/bin/env python3
"""Mutation fuzz of `sop validate`: many mutated SOP and calendar files, none may crash it.

Usage (from the repository root):
    python3 .ci/mutate_validate.py PATH/TO/sop [--count 100000] [--seed 1] [--batch 400]
                                   [--keep .artifacts/mutate-crashes] [--timeout 60]

Seeds are the shipped SOPs and calendars (sops/**/*.yaml), the broken-file corpus
(Tests/SOPLoaderTests/Fixtures/invalid/), the fuzz seeds (.ci/fuzz/seeds/) and the crash
corpus (Tests/SOPLoaderTests/Fixtures/crashes/). Each mutant is one seed with one to three
mutations stacked: byte and bit flips, inserted and deleted bytes, truncation, duplicated and
swapped lines, splices of two seeds, deep nesting (flow and block), huge and odd numbers,
odd line ends (CR, CRLF, NEL, U+2028), random unicode and invalid UTF-8, odd `extends:` and
`calendar:` paths, aliases, tags, merge keys, several documents, many keys, shifted indents.
The same --seed and --count always give the same inputs.

Mutants are written into a scratch copy of sops/ (SOP mutants beside the shipped SOPs,
calendar mutants beside the shipped calendars, so `extends:` and `calendar:` resolve) and
checked --batch files per `sop validate` run. Exit status 0 or 1 is an answer; anything
else (a signal such as SIGSEGV or SIGILL, another status, a run past --timeout) is a crash;
stdin is /dev/null (`extends: /dev/stdin` must not wait on a terminal), and the Swift runtime's
backtracer is off (symbolicating a stack overflow 20,000 frames deep takes minutes).
A crashing batch is bisected down to the files that crash on their own; each is kept in
--keep with the command that reproduces it.

Prints `mutate validate: N inputs, K crashing, T s` and exits 1 when any input crashed,
2 when the check itself could not run.
"""

import argparse
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

NEWLINE = re.compile(rb"\n")
NUMBER = re.compile(rb"(?<![0-9])[0-9][0-9_.:-]*")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_FOLDERS = ["sops", "sops/calendars", "Tests/SOPLoaderTests/Fixtures/invalid", ".ci/fuzz/seeds",
                "Tests/SOPLoaderTests/Fixtures/crashes"]

HUGE_NUMBERS = [
    b"9223372036854775807", b"9223372036854775808", b"-9223372036854775808", b"-9223372036854775809",
    b"18446744073709551616", b"99999999999999999999999999999999", b"153722867280912931", b"2562047788015216",
    b"106751991167301", b"1537228672809129", b"25620477880152", b"2147483648", b"4294967296", b"-1", b"0",
    b"-0", b"1e308", b"1e400", b"-1e400", b"1.5", b"0x7fffffffffffffff", b"0o777", b"0b101", b"1_000_000",
    b".inf", b"-.inf", b".nan", b"+12", b"012", b"1:30", b"2026-02-30", b"2026-13-01", b"0000-01-01",
    b"9999-12-31", b"1899-12-31", b"2201-01-01", b"24:00", b"23:60", b"07:30-16:00", b"~", b"null", b"true",
]
ODD_PATHS = [
    b"s", b"z", b"s/", b"/", b".", b"..", b"../", b"/dev/null", b"/etc/passwd", b"/proc/self/mem", b"calendars",
    b"calendars/", b"''", b'""', b"~", b"//", b"a/../../../..", b"./", b"national.yaml", b"calendars/national.yaml",
    b"serdang-bedagai-pengaduan.yaml", b"lamandau-pengaduan.yaml", b"batu-bara-pengaduan.yaml", b"x" * 300,
    b"/" + b"a/" * 200, b"/dev/zero", b"/dev/urandom", b"/proc/self/fd/0", b"\xe2\x80\xae.yaml", b"[a, b]", b"{a: b}", b"- s", b"*a", b"&a s",
]
YAML_BITS = [
    b"&a [*a]", b"*undefined", b"!!binary aGVsbG8=", b"!!timestamp 2026-01-01", b"!!int 12", b"!!str",
    b"!custom x", b"<<: {a: 1}", b"? [complex, key]\n: v", b"---\n", b"...\n", b"%YAML 1.1\n---\n",
    b"%TAG ! tag:x,2000:\n---\n", b"|\n  block\n", b">-\n  folded\n", b"|9\n x\n", b"'unterminated",
    b'"\\u0000"', b'"\\uD800"', b'"\\x"', b"\t", b"{", b"}", b"[", b"]", b": ", b"- ", b"#", b"@", b"`", b"%",
    b"key: value: other", b"null: 1", b"~: ~", b"''': x", b"- - - - -", b"[[[[[]]]]]", b"{a: {b: {c: }}}",
]
KEYWORDS = [
    b"format: sop/v1", b"format: sop-calendar/v1", b"format: sop/v2", b"extends:", b"calendar:", b"changes:",
    b"- remove: telaah-pengaduan", b"- replace: catat-pengaduan\n    step: {id: x}", b"- set: x\n    no: 3",
    b"- retarget: periksa-draft\n    outcome: tolak\n    next: x", b"- insert-before: x\n    step: 1",
    b"time: {value: 9223372036854775807, unit: minutes}", b"time: {value: 153722867280912931, unit: minutes}",
    b"time: {value: 2562047788015216, unit: hours}", b"time: {value: 106751991167301, unit: calendar-days}",
    b"time: {value: 2147483648, unit: working-days}", b"time: {value: -5, unit: hours}", b"unit: fortnights",
    b"years: {from: 1900, to: 2200}", b"years: {from: 2200, to: 1900}", b"timeZone: Asia/Jakarta",
    b"timeZone: America/New_York", b"timeZone: ../../etc/passwd", b"officeHours:", b"holidays:",
    b"- {date: 2026-02-29, name: x}", b"kind: decision", b"kind: end", b"outcomes: []", b"next: next",
    b"id: ''", b"no: 0", b"roles: []", b"steps: []", b"steps: {}", b"identity: null",
]

MANY_KEYS = {count: b"".join(b"k%d: %d\n" % (k, k) for k in range(count)) for count in [100, 1000, 5000, 20000]}


def fail_to_run(message):
    print(f"mutate_validate: {message}", file=sys.stderr)
    sys.exit(2)


def load_seeds():
    seeds = []
    for folder in SEED_FOLDERS:
        path = os.path.join(ROOT, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if os.path.isfile(full) and not name.startswith(".") and not name.endswith(".md"):
                with open(full, "rb") as f:
                    seeds.append(f.read())
    if not seeds:
        fail_to_run("no seed files found")
    return seeds


def random_unicode(rng):
    choice = rng.randrange(8)
    if choice == 0:
        return b"\xef\xbb\xbf"                                   # BOM
    if choice == 1:
        return rng.choice([b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff", b"\x80", b"\xe2\x82"])
    if choice == 2:
        return rng.choice(["\u200b", "\u202e", "\u2028", "\u2029", "\u0085", "\ufeff", "\ufffe", "\uffff"]).encode()
    if choice == 3:
        return b"\x00"
    if choice == 4:
        return bytes([rng.randrange(1, 32)])
    cp = rng.choice([rng.randrange(0x80, 0x800), rng.randrange(0x800, 0xD800), rng.randrange(0xE000, 0x10000),
                     rng.randrange(0x10000, 0x110000)])
    return chr(cp).encode("utf-8") * rng.choice([1, 1, 1, 3, 50])


def deep_nesting(rng):
    depth = rng.choice([64, 200, 1000, 5000, 20000, 60000])
    style = rng.randrange(6)
    if style == 0:
        return b"[" * depth + b"]" * depth
    if style == 1:
        return b"{a: " * depth + b"b" + b"}" * depth
    if style == 2:
        return b"[" * depth                                      # never closed
    if style == 3:
        depth = min(depth, 700)                                  # block sequences, a dash per line (≤ 0.5 MB)
        return b"".join(b"  " * i + b"-\n" for i in range(depth)) + b"  " * depth + b"x\n"
    if style == 4:
        depth = min(depth, 1000)                                 # block mappings, a key per line
        return b"".join(b" " * i + b"k:\n" for i in range(depth)) + b" " * depth + b"v\n"
    return b"- " * depth + b"x"


def line_offsets(data):
    return [0] + [m.end() for m in NEWLINE.finditer(data)]


def replace_value(rng, data, key, values):
    """`key: value` → `key: <one of values>` at its first occurrence, or a new top line."""
    at = data.find(key + b":")
    new = key + b": " + rng.choice(values)
    if at < 0:
        lines = data.split(b"\n")
        lines.insert(rng.randrange(len(lines) + 1), new)
        return b"\n".join(lines)
    end = data.find(b"\n", at)
    return data[:at] + new + (data[end:] if end >= 0 else b"")


def mutate_once(rng, data, seeds):
    n = len(data)
    op = rng.randrange(20)
    if op == 0 and n:                                            # byte flips
        b = bytearray(data)
        for _ in range(rng.randrange(1, 9)):
            b[rng.randrange(n)] = rng.randrange(256)
        return bytes(b)
    if op == 1 and n:                                            # bit flips
        b = bytearray(data)
        for _ in range(rng.randrange(1, 5)):
            b[rng.randrange(n)] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == 2:                                                  # inserted bytes
        at = rng.randrange(n + 1)
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9))) + data[at:]
    if op == 3 and n:                                            # deleted range
        at = rng.randrange(n)
        return data[:at] + data[at + rng.randrange(1, 64):]
    if op == 4:                                                  # truncation
        return data[:rng.randrange(n + 1)]
    if op == 5 and n:                                            # duplicated range or block of lines
        at = rng.randrange(n)
        chunk = data[at:at + rng.randrange(1, 400)]
        return data[:at] + chunk * rng.choice([2, 2, 3, 10, 100]) + data[at:]
    if op == 6:                                                  # splice of two seeds, line-wise
        other = rng.choice(seeds)
        a, b = line_offsets(data), line_offsets(other)
        return data[:rng.choice(a)] + other[rng.choice(b):]
    if op == 7:                                                  # swapped lines
        lines = data.split(b"\n")
        if len(lines) > 2:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)
    if op == 8:                                                  # deep nesting, as a value or a whole file
        nest = deep_nesting(rng)
        if rng.random() < 0.3:
            return nest
        lines = data.split(b"\n")
        i = rng.randrange(len(lines) + 1)
        return b"\n".join(lines[:i] + [b"k: " + nest if not nest.startswith(b" ") else b"k:\n" + nest] + lines[i:])
    if op == 9:                                                  # huge and odd numbers
        found = NUMBER.search(data, rng.randrange(n + 1)) or NUMBER.search(data)
        if not found:
            return data + b"\nvalue: " + rng.choice(HUGE_NUMBERS)
        at, end = found.span()
        return data[:at] + rng.choice(HUGE_NUMBERS) + data[end:]
    if op == 10:                                                 # odd line ends
        style = rng.randrange(5)
        if style == 0:
            return data.replace(b"\n", b"\r")
        if style == 1:
            return data.replace(b"\n", b"\r\n")
        if style == 2:
            return b"".join(line + rng.choice([b"\n", b"\r", b"\r\n", b"\n\r"]) for line in data.split(b"\n"))
        if style == 3:
            return data.replace(b"\n", "\u2028".encode(), rng.randrange(1, 20))
        return data.replace(b"\n", b"\xc2\x85", rng.randrange(1, 20))
    if op == 11:                                                 # random unicode, invalid UTF-8
        at = rng.randrange(n + 1)
        return data[:at] + random_unicode(rng) + data[at:]
    if op == 12:                                                 # odd base paths
        return replace_value(rng, data, b"extends", ODD_PATHS)
    if op == 13:                                                 # odd calendar paths
        return replace_value(rng, data, b"calendar", ODD_PATHS)
    if op == 14:                                                 # YAML features: aliases, tags, markers
        lines = data.split(b"\n")
        i = rng.randrange(len(lines) + 1)
        bit = rng.choice(YAML_BITS)
        if lines and i < len(lines) and rng.random() < 0.5:
            lines[i] = lines[i] + b" " + bit
        else:
            lines.insert(i, bit)
        return b"\n".join(lines)
    if op == 15:                                                 # billion laughs
        levels = rng.randrange(3, 12)
        doc = b"a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for k in range(1, levels):
            doc += b"a%d: &a%d [" % (k, k) + b", ".join([b"*a%d" % (k - 1)] * 10) + b"]\n"
        return data + b"\n" + doc if rng.random() < 0.5 else doc
    if op == 16:                                                 # many keys
        return data + b"\n" + MANY_KEYS[rng.choice([100, 1000, 5000, 20000])]
    if op == 17:                                                 # shifted indentation
        lines = data.split(b"\n")
        for _ in range(rng.randrange(1, 4)):
            i = rng.randrange(len(lines))
            lines[i] = b" " * rng.randrange(1, 9) + lines[i] if rng.random() < 0.6 else lines[i].lstrip(b" ")
        return b"\n".join(lines)
    if op == 18:                                                 # SOP and calendar keywords in odd places
        lines = data.split(b"\n")
        i = rng.randrange(len(lines) + 1)
        indent = b" " * rng.choice([0, 0, 2, 4, 6])
        lines.insert(i, indent + rng.choice(KEYWORDS))
        return b"\n".join(lines)
    # a line replaced by a line of another seed
    lines, other = data.split(b"\n"), rng.choice(seeds).split(b"\n")
    lines[rng.randrange(len(lines))] = rng.choice(other)
    return b"\n".join(lines)


def mutant(rng, seeds):
    data = rng.choice(seeds)
    for _ in range(rng.choice([1, 1, 2, 3])):
        data = mutate_once(rng, data, seeds)
    return data[: (1 << 20) + 1024]


def is_calendar(data):
    return b"format: sop-calendar/" in data[:4096]


def limit_memory():
    """An input that makes `sop` allocate without bound fails (as a crash) at 8 GiB instead of
    taking the machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))


def run(sop, files, cwd, timeout):
    """None when `sop validate` answered (exit 0 or 1), else what went wrong."""
    try:
        proc = subprocess.run([sop, "validate", *files], cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=timeout, preexec_fn=limit_memory,
                              env=dict(os.environ, SWIFT_BACKTRACE="enable=no"))
    except subprocess.TimeoutExpired:
        return f"no answer within {timeout} s"
    if proc.returncode in (0, 1):
        return None
    if proc.returncode < 0:
        try:
            return signal.Signals(-proc.returncode).name
        except ValueError:
            return f"signal {-proc.returncode}"
    return f"exit status {proc.returncode}"


def crashing(sop, files, cwd, timeout):
    """The files of a batch that crash on their own, by bisection: [(file, reason)]."""
    reason = run(sop, files, cwd, timeout)
    if reason is None:
        return []
    if len(files) == 1:
        return [(files[0], reason)]
    half = len(files) // 2
    found = crashing(sop, files[:half], cwd, timeout) + crashing(sop, files[half:], cwd, timeout)
    if found:
        return found
    if reason.startswith("no answer"):
        # Every part answered in time on its own: the batch was only slow as a whole (a loaded
        # machine, a debug build over many large mutants), which is no crash. A hang shows up
        # in the part that holds it.
        print(f"note: a batch of {len(files)} took over {timeout} s, each part answered alone", flush=True)
        return []
    # Crashes only together (unlikely: files are independent): report the batch's first file.
    return [(files[0], reason + " (only with the rest of its batch)")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sop", help="the sop binary (a release build for the full run)")
    parser.add_argument("--count", type=int, default=100_000, help="number of mutated inputs")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--batch", type=int, default=400, help="files per `sop validate` run")
    parser.add_argument("--timeout", type=int, default=60, help="seconds one run may take")
    parser.add_argument("--keep", default=os.path.join(ROOT, ".artifacts", "mutate-crashes"),
                        help="folder that receives crashing inputs")
    args = parser.parse_args()
    sop = os.path.abspath(args.sop)
    if not os.access(sop, os.X_OK):
        fail_to_run(f"{args.sop} is not an executable")
    seeds = load_seeds()
    rng = random.Random(args.seed)
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="sop-mutate-")
    crashes = []
    try:
        shutil.copytree(os.path.join(ROOT, "sops"), os.path.join(work, "sops"))
        cwd = os.path.join(work, "sops")
        done = 0
        while done < args.count:
            size = min(args.batch, args.count - done)
            files = []
            for k in range(size):
                data = mutant(rng, seeds)
                name = f"m{done + k:06d}.yaml"
                relative = os.path.join("calendars", name) if is_calendar(data) else name
                with open(os.path.join(cwd, relative), "wb") as f:
                    f.write(data)
                files.append(relative)
            for file, reason in crashing(sop, files, cwd, args.timeout):
                os.makedirs(args.keep, exist_ok=True)
                kept = os.path.join(args.keep, f"seed{args.seed}-{os.path.basename(file)}")
                shutil.copyfile(os.path.join(cwd, file), kept)
                crashes.append((file, reason, kept))
                print(f"crash: {reason}: input {done + files.index(file)} kept as {os.path.relpath(kept, ROOT)} "
                      f"(copy it to sops/{file} and run `sop validate sops/{file}`)", flush=True)
            for file in files:
                os.remove(os.path.join(cwd, file))
            done += size
    finally:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(f"mutate validate: {args.count} inputs (seed {args.seed}), {len(crashes)} crashing, {elapsed:.1f} s")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
