#!/usr/bin/env python3
"""Reads sop-engine's exports with an independent tool, pm4py.

1. `sop demo` and `sop simulate` fill databases; `sop export events --format xes` must load in
   pm4py with one trace per case, and the CSV export must hold the same step events.
2. `sop export bpmn` of each seed SOP must load and convert to a Petri net.
3. Token-based replay of every exported trace (its completions) on its SOP's net must fit
   perfectly (fitness 1.0), revision loops included; a deliberately deviating trace (a step
   dropped) must not (fitness < 1.0).
4. The parallel licensing SOP (sops/dpmptsp-imb-jatim.yaml) the same way: its simulated
   cases run both branches at once, return to the applicant (the payment), redo a branch
   after the join and are withdrawn when the applicant's 30 days run out; each kind must
   occur and fit. Traces the simulator does not make (a withdrawal inside a branch, the
   plans corrected by the applicant) are written here by hand and must fit too, while a
   trace that skips the parallel fee branch must not.

Usage: check_process_mining.py SOP_BINARY
"""
import csv
import os
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("PM4PY_DISABLE_BANNER", "1")

import pm4py  # noqa: E402
from pm4py.algo.conformance.tokenreplay import algorithm as token_replay  # noqa: E402

SOPS = {"serdang-bedagai-pengaduan": "sops/serdang-bedagai-pengaduan.yaml",
        "lamandau-pengaduan": "sops/lamandau-pengaduan.yaml",
        "dpmptsp-imb-jatim": "sops/dpmptsp-imb-jatim.yaml"}
PARALLEL = "dpmptsp-imb-jatim"

# Hand-written completions of the licensing SOP (activity names as the XES export writes them).
HEAD = ["terima-berkas", "evaluasi-rencana"]
HAND_TRACES = {
    "a rejected verification, the print redone": (
        HEAD + ["hitung-retribusi", "peninjauan-lokasi", "cetak-sk", "verifikasi", "cetak-sk", "verifikasi",
                "tandatangani-sk", "beritahu-pemohon", "bayar-retribusi", "serahkan-sk"], True),
    "withdrawn inside the field-check branch": (
        HEAD + ["hitung-retribusi", "cetak-sk", "peninjauan-lokasi", "perbaikan-gambar:withdrawn"], True),
    "plans corrected, then approved": (
        HEAD + ["peninjauan-lokasi", "hitung-retribusi", "perbaikan-gambar", "cetak-sk", "peninjauan-lokasi",
                "verifikasi", "tandatangani-sk", "beritahu-pemohon", "bayar-retribusi", "serahkan-sk"], True),
    "withdrawn at the payment": (
        HEAD + ["hitung-retribusi", "peninjauan-lokasi", "cetak-sk", "verifikasi", "tandatangani-sk",
                "beritahu-pemohon", "bayar-retribusi:withdrawn"], True),
    "the fee branch skipped": (
        HEAD + ["peninjauan-lokasi", "verifikasi", "tandatangani-sk", "beritahu-pemohon", "bayar-retribusi",
                "serahkan-sk"], False),
    "withdrawn in the branch before the fee was printed": (
        HEAD + ["hitung-retribusi", "peninjauan-lokasi", "perbaikan-gambar:withdrawn", "verifikasi"], False),
}


def hand_trace(name, activities):
    from datetime import datetime, timedelta, timezone
    t0 = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
    trace = pm4py.objects.log.obj.Trace(attributes={"concept:name": name})
    for k, a in enumerate(activities):
        trace.append(pm4py.objects.log.obj.Event({"concept:name": a, "time:timestamp": t0 + timedelta(minutes=k),
                                                   "lifecycle:transition": "complete"}))
    return trace


def activities(trace):
    return [e["concept:name"] for e in trace]


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def completions(log):
    return pm4py.filter_event_attribute_values(log, "lifecycle:transition", ["complete"], level="event", retain=True)


def main():
    sop = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        demo_db, sim_db = os.path.join(tmp, "demo.db"), os.path.join(tmp, "sim.db")
        run(sop, "demo", "--db", demo_db)
        run(sop, "simulate", *SOPS.values(), "--cases", "60", "--seed", "11", "--db", sim_db)
        # The licensing SOP alone, enough cases for every kind of run (a rejected verification is 15 %).
        imb_db = os.path.join(tmp, "imb.db")
        run(sop, "simulate", SOPS[PARALLEL], "--cases", "80", "--seed", "11", "--db", imb_db)
        nets = {}
        for sop_id, path in SOPS.items():
            bpmn_path = os.path.join(tmp, sop_id + ".bpmn")
            run(sop, "export", "bpmn", path, "-o", bpmn_path)
            model = pm4py.read_bpmn(bpmn_path)
            nets[sop_id] = pm4py.convert_to_petri_net(model)
            net = nets[sop_id][0]
            print(f"{sop_id}: BPMN loaded, Petri net with {len(net.places)} places and {len(net.transitions)} transitions")
        for name, db in (("demo", demo_db), ("simulated", sim_db), ("simulated-imb", imb_db)):
            xes_path, csv_path = os.path.join(tmp, name + ".xes"), os.path.join(tmp, name + ".csv")
            run(sop, "export", "events", "--db", db, "--format", "xes", "-o", xes_path)
            run(sop, "export", "events", "--db", db, "--format", "csv", "-o", csv_path)
            log = pm4py.read_xes(xes_path, return_legacy_log_object=True)
            with open(csv_path, newline="") as f:
                rows = [r for r in csv.DictReader(f) if r["lifecycle"] in ("start", "complete")]
            events = sum(len(t) for t in log)
            if events != len(rows) or len({r["case_id"] for r in rows}) != len(log):
                failures.append(f"{name}: XES has {len(log)} traces / {events} events, CSV {len(rows)} step events")
            print(f"{name}: XES loaded, {len(log)} traces, {events} events (CSV agrees: {events == len(rows)})")
            done = completions(log)
            for sop_id, (net, im, fm) in nets.items():
                traces = pm4py.objects.log.obj.EventLog([t for t in done if t.attributes.get("sop:id") == sop_id])
                if len(traces) == 0:
                    continue
                # Only closed cases can reach the final marking.
                closed = pm4py.objects.log.obj.EventLog([t for t in traces if t.attributes.get("sop:status") == "closed"])
                result = token_replay.apply(closed, net, im, fm)
                fits = [r["trace_fitness"] for r in result]
                loops = sum(1 for t in closed if t.attributes.get("sop:revisionRounds", 0) > 0)
                print(f"  {sop_id}: {len(closed)} closed traces ({loops} with revision rounds), fitness min {min(fits):.3f}")
                if min(fits) < 1.0:
                    bad = [t.attributes["concept:name"] for t, r in zip(closed, result) if r["trace_fitness"] < 1.0]
                    failures.append(f"{name} {sop_id}: traces not fitting their own SOP: {bad[:5]}")
                if sop_id == PARALLEL and name == "simulated-imb":
                    kinds = {
                        "both branches": sum(1 for t in closed if {"hitung-retribusi", "peninjauan-lokasi"} <= set(activities(t))),
                        "the applicant's payment": sum(1 for t in closed if "bayar-retribusi" in activities(t)),
                        "a branch redone after the join": sum(1 for t in closed if activities(t).count("cetak-sk") > 1),
                        "withdrawn": sum(1 for t in closed if any(a.endswith(":withdrawn") for a in activities(t))),
                    }
                    print(f"  {sop_id}: " + ", ".join(f"{v} {k}" for k, v in kinds.items()))
                    for k, v in kinds.items():
                        if v == 0:
                            failures.append(f"{name} {sop_id}: no simulated closed case with {k}")
                # A deviating case: the same trace with its third step dropped.
                deviant = pm4py.objects.log.obj.Trace([e for i, e in enumerate(closed[0]) if i != 2], attributes=dict(closed[0].attributes))
                bad_fit = token_replay.apply(pm4py.objects.log.obj.EventLog([deviant]), net, im, fm)[0]["trace_fitness"]
                print(f"  {sop_id}: deviating trace (step 3 skipped) fitness {bad_fit:.3f}")
                if bad_fit >= 1.0:
                    failures.append(f"{name} {sop_id}: a trace with a skipped step still fits (fitness {bad_fit})")
        net, im, fm = nets[PARALLEL]
        for label, (acts, should_fit) in HAND_TRACES.items():
            fit = token_replay.apply(pm4py.objects.log.obj.EventLog([hand_trace(label, acts)]), net, im, fm)[0]["trace_fitness"]
            print(f"  {PARALLEL}: hand-written trace '{label}': fitness {fit:.3f} (should {'fit' if should_fit else 'not fit'})")
            if (fit >= 1.0) != should_fit:
                failures.append(f"{PARALLEL}: hand-written trace '{label}' has fitness {fit}")
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)
    print("process-mining cross-check passed")


if __name__ == "__main__":
    main()
