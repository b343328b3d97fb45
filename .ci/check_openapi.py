#!/usr/bin/env python3
"""Checks `sop serve` against schemas/openapi.yaml with schemathesis (from PyPI).

Starts the server of a temporary deployment (both seed SOPs, one officer with every role) on
a free loopback port, then lets schemathesis generate requests for every operation of the
OpenAPI document, with the officer's token: every response must be declared for its
operation, match its schema and content type, and no request may produce a server error
(5xx). A fixed seed keeps the run repeatable.

Usage: check_openapi.py SOP_BINARY
"""
import os
import subprocess
import sys
import tempfile
from serving import add_officer, free_port, wait_for_health


def main():
    sop = os.path.abspath(sys.argv[1])
    root = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "deploy.yaml")
        with open(config, "w") as f:
            f.write(f"""format: sop-deployment/v1
agency: Uji OpenAPI
sops: [{root}/sops/serdang-bedagai-pengaduan.yaml, {root}/sops/lamandau-pengaduan.yaml]
database: cases.db
public: {{sop: serdang-bedagai-pengaduan, rateLimit: {{requests: 1000, perSeconds: 60}}}}
officers: officers.yaml
""")
        roles = ["pengadu", "pranata-humas", "fungsional-muda", "kepala-dinas", "pemohon", "help-desk", "kabid-perizinan"]
        token = add_officer(sop, config, "penguji", "Penguji", roles)
        port = free_port()
        server = subprocess.Popen([sop, "serve", "--config", config, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for_health(port, server)
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
            server.terminate()
            status = server.wait(timeout=20)
            print(f"sop serve stopped on SIGTERM with status {status}")
            if status != 0:
                print(server.stderr.read().decode()[-2000:])
                print("FAIL: sop serve did not stop gracefully on SIGTERM")
                sys.exit(1)
        finally:
            if server.poll() is None:
                server.kill()
    print("OpenAPI cross-check passed")


if __name__ == "__main__":
    main()
