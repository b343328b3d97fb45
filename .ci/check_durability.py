#!/usr/bin/env python3
"""Kill-9 durability check: nothing acknowledged is lost, nothing is stored twice.

Server: starts `sop serve` on a temporary deployment (a fresh database, one officer with
every role of the Serdang Bedagai SOP) on a free loopback port, and drives a bounded load
from a few threads (at most 6 connections at once) over real sockets: each thread opens
cases through `POST /api/cases` and completes their steps one by one through
`POST /api/cases/{id}/complete`. Meanwhile the server is killed with SIGKILL at seeded
random moments (KILLS times) and restarted on the same port and database.

CLI: runs `sop case complete` processes on a database, SIGKILLs some of them mid-flight.

Then, for both, read from the database file (read-only): every completion acknowledged
(a 2xx answer, or a CLI exit status 0) is stored exactly once; no step is completed twice;
each case's read-model row is what the fold of its events gives (status, active step,
version = number of events); `sop verify` says every chain is intact.

Usage: check_durability.py SOP_BINARY [--kills N] [--seed S]
"""
import argparse
import base64
import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from serving import add_officer, free_port, start_server

# The Serdang Bedagai main path: step, role, outcome, documents it must attach.
STEPS = [
    ("sampaikan-pengaduan", "pengadu", None, ["pengaduan-tercatat"]),
    ("catat-pengaduan", "pranata-humas", None, ["pengaduan-tercatat"]),
    ("telaah-pengaduan", "pranata-humas", None, ["pengaduan-tercatat", "telaahan-staf"]),
    ("periksa-draft", "fungsional-muda", "setuju", ["draft-surat-balasan"]),
    ("tandatangani-balasan", "kepala-dinas", "setuju", ["surat-jawaban"]),
    ("kirim-balasan", "pranata-humas", None, ["surat-jawaban"]),
    ("terima-balasan", "pengadu", None, ["solusi-aduan"]),
]
NEXT = {s[0]: i for i, s in enumerate(STEPS)}
THREADS = 6


def documents(names, tag):
    return [{"document": d, "name": f"{d}.txt", "mediaType": "text/plain",
             "content": base64.b64encode(f"{d} {tag}".encode()).decode()} for d in names]


class Server:
    def __init__(self, sop, config, port):
        self.sop, self.config, self.port, self.process = sop, config, port, None
        self.up = threading.Event()

    def start(self):
        self.process = start_server(self.sop, self.config, self.port)
        self.up.set()

    def kill(self):
        self.up.clear()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class Ledger:
    """What the server (or the CLI) acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.opened = set()
        self.completed = set()  # (case, step)
        self.errors = []
        self.refused = 0

    def add(self, kind, item):
        with self.lock:
            (self.opened if kind == "open" else self.completed).add(item)


def worker(tid, server, token, ledger, stop, rng):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn = None
    n = 0
    case, step = None, None

    def call(method, path, body=None):
        nonlocal conn
        server.up.wait(60)
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            r = conn.getresponse()
            data = r.read()
            return r.status, (json.loads(data) if data else None)
        except (OSError, http.client.HTTPException, json.JSONDecodeError):
            conn.close()
            conn = None
            return None, None  # no answer: not acknowledged

    while not stop.is_set():
        if case is None:
            n += 1
            case = f"K{tid}-{n:04d}"
            status, body = call("POST", "/api/cases", {"sop": "serdang-bedagai-pengaduan", "caseID": case})
            if status == 201:
                ledger.add("open", case)
                step = 0
            elif status in (409, None):
                step = None  # perhaps stored before the kill: ask below
            else:
                ledger.errors.append(f"open {case}: {status} {body}")
                case = None
                continue
        if step is None:
            status, body = call("GET", f"/api/cases/{case}")
            if status == 404:
                case = None
                continue
            if status != 200:
                time.sleep(0.05)
                continue
            if body["status"] == "closed":
                case = None
                continue
            step = NEXT[body["activeStep"]]
        name, role, outcome, docs = STEPS[step]
        request = {"step": name, "role": role, "documents": documents(docs, case)}
        if outcome:
            request["outcome"] = outcome
        status, body = call("POST", f"/api/cases/{case}/complete", request)
        if status is not None and 200 <= status < 300:
            ledger.add("complete", (case, name))
            step += 1
            if step == len(STEPS):
                case = None
        elif status in (None, 409):
            with ledger.lock:
                ledger.refused += status == 409
            step = None  # perhaps it was stored before the kill: re-read where the case is
        else:
            ledger.errors.append(f"complete {case} {name}: {status} {body}")
            step = None
        time.sleep(rng.random() * 0.01)


def check_database(sop, db, ledger, label):
    problems = []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    events = con.execute("SELECT case_id, seq, type, step FROM event ORDER BY case_id, seq").fetchall()
    summaries = {r[0]: r[1:] for r in con.execute("SELECT case_id, status, active_step, version FROM case_summary")}
    con.close()
    completions = {}
    by_case = {}
    for case, seq, kind, step in events:
        by_case.setdefault(case, []).append((seq, kind, step))
        if kind == "step-completed":
            completions[(case, step)] = completions.get((case, step), 0) + 1
    for key in sorted(ledger.completed):
        if completions.get(key, 0) != 1:
            problems.append(f"acknowledged completion {key} is stored {completions.get(key, 0)} times")
    for key, count in completions.items():
        if count > 1:
            problems.append(f"completion {key} is stored {count} times")
    for case in sorted(ledger.opened):
        if case not in by_case:
            problems.append(f"acknowledged case {case} is not stored")
    # The read model is the fold of the events.
    for case, rows in by_case.items():
        seqs = [r[0] for r in rows]
        if seqs != list(range(1, len(rows) + 1)):
            problems.append(f"{case}: sequence numbers {seqs}")
        status, active = "open", None
        for _, kind, step in rows:
            if kind == "step-activated":
                active = step
            elif kind == "step-completed" and step == active:
                active = None
            elif kind == "case-closed":
                status, active = "closed", None
        summary = summaries.get(case)
        if summary != (status, active, len(rows)):
            problems.append(f"{case}: read model {summary}, events fold to {(status, active, len(rows))}")
    for case in summaries:
        if case not in by_case:
            problems.append(f"{case}: read-model row without events")
    verify = subprocess.run([sop, "verify", "--db", db], capture_output=True, text=True)
    if verify.returncode != 0:
        problems.append(f"sop verify: exit {verify.returncode}: {verify.stdout[-2000:]} {verify.stderr[-2000:]}")
    sample = sorted(by_case)[: 5]
    for case in sample:
        shown = subprocess.run([sop, "case", "show", case, "--db", db, "--format", "json"], capture_output=True, text=True)
        if shown.returncode != 0:
            problems.append(f"sop case show {case}: {shown.stderr}")
    print(f"{label}: {len(ledger.opened)} cases and {len(ledger.completed)} completions acknowledged, "
          f"{sum(completions.values())} completions and {len(events)} events stored, {len(by_case)} cases; "
          f"{verify.stdout.strip().splitlines()[-1] if verify.stdout.strip() else ''}")
    return problems


def server_check(sop, root, kills, seed, tmp):
    config = os.path.join(tmp, "deploy.yaml")
    with open(config, "w") as f:
        f.write(f"""format: sop-deployment/v1
agency: Uji Ketahanan
sops: [{root}/sops/serdang-bedagai-pengaduan.yaml]
database: cases.db
officers: officers.yaml
""")
    roles = sorted({s[1] for s in STEPS})
    token = add_officer(sop, config, "penguji", "Penguji", roles)
    server = Server(sop, config, free_port())
    server.start()
    rng = random.Random(seed)
    ledger, stop = Ledger(), threading.Event()
    threads = [threading.Thread(target=worker, args=(t, server, token, ledger, stop, random.Random(seed * 100 + t)), daemon=True)
               for t in range(THREADS)]
    for t in threads:
        t.start()
    try:
        for _ in range(kills):
            time.sleep(0.5 + rng.random() * 2.0)
            server.kill()
            time.sleep(rng.random() * 0.3)
            server.start()
        time.sleep(1.0)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
        server.kill()
    problems = list(ledger.errors[:20])
    if len(ledger.completed) < 50:
        problems.append(f"only {len(ledger.completed)} completions were acknowledged: the load did not run")
    problems += check_database(sop, os.path.join(tmp, "cases.db"), ledger, f"server, {kills} SIGKILLs")
    return problems


def cli_check(sop, root, seed, tmp):
    db = os.path.join(tmp, "cli.db")
    sopfile = os.path.join(root, "sops", "serdang-bedagai-pengaduan.yaml")
    docs = {}
    for d in {d for s in STEPS for d in s[3]}:
        docs[d] = os.path.join(tmp, f"{d}.txt")
        with open(docs[d], "w") as f:
            f.write(d)
    ledger = Ledger()
    rng = random.Random(seed)
    cases = [f"C-{k}" for k in range(8)]
    for case in cases:
        r = subprocess.run([sop, "case", "open", sopfile, "--case-id", case, "--at", "2026-03-02T09:00", "--db", db],
                           capture_output=True, text=True)
        if r.returncode == 0:
            ledger.add("open", case)
        else:
            return [f"sop case open {case}: {r.stderr}"]
    position = {c: 0 for c in cases}
    killed = 0
    for round_ in range(len(STEPS)):
        running = []
        for case in cases:
            k = position[case]
            if k >= len(STEPS):
                continue
            name, role, outcome, need = STEPS[k]
            args = [sop, "case", "complete", case, name, "--as", role, "--at", f"2026-03-{3 + k:02d}T10:00", "--db", db]
            if outcome:
                args += ["--outcome", outcome]
            for d in need:
                args += ["--attach", f"{d}={docs[d]}"]
            running.append((case, name, subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
        for case, name, p in running:
            if rng.random() < 0.35:
                time.sleep(rng.random() * 0.15)
                if p.poll() is None:
                    p.send_signal(signal.SIGKILL)
                    killed += 1
            p.wait()
            if p.returncode == 0:
                ledger.add("complete", (case, name))
        # Where each case is now, from the database (a killed completion may have been stored).
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        for case in cases:
            row = con.execute("SELECT status, active_step FROM case_summary WHERE case_id = ?", (case,)).fetchone()
            position[case] = len(STEPS) if row[0] == "closed" else NEXT[row[1]]
        con.close()
    problems = check_database(sop, db, ledger, f"CLI, {killed} of the processes SIGKILLed")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sop")
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    sop = os.path.abspath(args.sop)
    root = os.getcwd()
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        problems = server_check(sop, root, args.kills, args.seed, tmp)
        problems += cli_check(sop, root, args.seed, tmp)
    for p in problems[:50]:
        print("FAIL:", p)
    print(f"durability check: {'failed' if problems else 'passed'} in {time.time() - started:.0f} s")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
