#!/usr/bin/env python3
"""Checks `sop serve` against schemas/openapi.yaml with schemathesis (from PyPI).

Starts the server of a temporary deployment (both seed SOPs and the building-permit SOP, one
officer with every role) on a free loopback port, puts a building-permit case at its parallel
branches and another on the applicant's turn (so that case lists and cases answer with several
active steps, timers, a paused clock), checks those answers against the document itself, then
lets schemathesis generate requests for every operation of the OpenAPI document, with the
officer's token: every response must be declared for its operation, match its schema and
content type, and no request may produce a server error (5xx). A fixed seed keeps the run
repeatable.

Usage: check_openapi.py SOP_BINARY
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

import jsonschema
import yaml
from serving import add_officer, free_port, start_server, stop_server


def call(port, token, method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(request))


def document(doc):
    return {"document": doc, "name": f"{doc}.txt", "content": base64.b64encode(doc.encode()).decode()}


def seed_licensing_cases(port, token):
    """One permit case at its two parallel branches, one waiting on the applicant."""
    for case in ("IMB-OA-1", "IMB-OA-2"):
        call(port, token, "POST", "/api/cases", {"sop": "dpmptsp-imb-jatim", "caseID": case, "documents": [document("berkas-imb")]})
        call(port, token, "POST", f"/api/cases/{case}/complete", {"step": "terima-berkas", "documents": [document("tanda-terima")]})
        call(port, token, "POST", f"/api/cases/{case}/complete", {"step": "evaluasi-rencana"})
    return call(port, token, "POST", "/api/cases/IMB-OA-2/complete",
                {"step": "peninjauan-lokasi", "outcome": "tidak-sesuai", "documents": [document("berita-acara-pemeriksaan")]})


def check_against_schema(spec, name, instance):
    """`instance` must match components/schemas/`name` (references resolved in the document)."""
    schema = dict(spec["components"]["schemas"][name])
    schema["components"] = spec["components"]
    jsonschema.validate(instance, schema)


def main():
    sop = os.path.abspath(sys.argv[1])
    root = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "deploy.yaml")
        with open(config, "w") as f:
            f.write(f"""format: sop-deployment/v1
agency: Uji OpenAPI
sops: [{root}/sops/serdang-bedagai-pengaduan.yaml, {root}/sops/lamandau-pengaduan.yaml, {root}/sops/dpmptsp-imb-jatim.yaml]
database: cases.db
public: {{sop: serdang-bedagai-pengaduan, rateLimit: {{requests: 1000, perSeconds: 60}}}}
officers: officers.yaml
""")
        roles = ["pengadu", "pranata-humas", "fungsional-muda", "kepala-dinas", "pemohon", "help-desk", "kabid-perizinan",
                 "pengadministrasi-perizinan", "tim-teknis", "kepala-bidang-perizinan", "pengelola-data", "administrator"]
        token = add_officer(sop, config, "penguji", "Penguji", roles)
        port = free_port()
        # The server logs a line per request: a pipe nobody reads would fill and stall it.
        server_log = tempfile.TemporaryFile()
        server = start_server(sop, config, port, server_log)
        try:
            with open(os.path.join(root, "schemas", "openapi.yaml")) as f:
                spec = yaml.safe_load(f)
            waiting = seed_licensing_cases(port, token)
            check_against_schema(spec, "Case", waiting)
            listed = call(port, token, "GET", "/api/cases?status=open")
            check_against_schema(spec, "CaseList", listed)
            forked = next(c for c in listed["cases"] if c["caseID"] == "IMB-OA-1")
            steps = [a["step"] for a in forked["activeSteps"]]
            if steps != ["peninjauan-lokasi", "hitung-retribusi"] or not waiting["waitingOnApplicant"] or "pausedAt" not in waiting:
                print(f"FAIL: the seeded permit cases do not answer as expected: {steps}, {waiting.get('waitingOnApplicant')}")
                sys.exit(1)
            print("seeded permit cases: parallel branches and the applicant's turn match the document's schemas")
            # Publishing the file as it is: every open permit case is already on it.
            published = call(port, token, "POST", "/api/sops/dpmptsp-imb-jatim/migrate", {"dryRun": True})
            check_against_schema(spec, "MigrationRun", published)
            if published["moved"] or sorted(published["current"]) != ["IMB-OA-1", "IMB-OA-2"]:
                print(f"FAIL: publishing the unchanged permit SOP would move cases: {published}")
                sys.exit(1)
            result = subprocess.run([
                "schemathesis", "run", os.path.join(root, "schemas", "openapi.yaml"),
                "--url", f"http://127.0.0.1:{port}",
                "-H", f"Authorization: Bearer {token}",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--max-examples", "40", "--seed", "7", "--generation-deterministic",
            ], capture_output=True, text=True)
            print(result.stdout[-6000:])
            if result.returncode != 0:
                print(result.stderr[-3000:])
                print("FAIL: the server's responses do not match schemas/openapi.yaml (see above)")
                sys.exit(1)
            # Graceful shutdown: SIGTERM ends the server cleanly (exit status 0) after in-flight requests.
            status = stop_server(server)
            print(f"sop serve stopped on SIGTERM with status {status}")
            if status != 0:
                print((server_log.seek(0), server_log.read())[1].decode()[-2000:])
                print("FAIL: sop serve did not stop gracefully on SIGTERM")
                sys.exit(1)
        finally:
            if server.poll() is None:
                server.kill()
    print("OpenAPI cross-check passed")


if __name__ == "__main__":
    main()
