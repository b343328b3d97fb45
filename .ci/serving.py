"""What the checks that run `sop serve` share: a free loopback port, an officer's token, and
waiting until the server answers /health."""
import http.client
import re
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def add_officer(sop, config, officer_id, name, roles):
    """Adds an officer to the deployment's officers file; returns the token printed once."""
    added = subprocess.run([sop, "deploy", "add-officer", "--config", config, "--id", officer_id, "--name", name]
                           + [a for r in roles for a in ("--role", r)], check=True, capture_output=True, text=True).stdout
    return re.search(r"(sop_\S+)", added).group(1)


def wait_for_health(port, process, seconds=60):
    """Returns once /health answers 200; exits the check if the server died or never answered."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/health")
            ok = c.getresponse().status == 200
            c.close()
            if ok:
                return
        except OSError:
            pass
        if process.poll() is not None:
            sys.exit(f"sop serve exited with {process.returncode} before answering /health")
        time.sleep(0.05)
    sys.exit(f"sop serve did not answer /health within {seconds} s")


def start_server(sop, config, port, log=subprocess.DEVNULL, extra=()):
    """Starts `sop serve` on `port` (standard output dropped, standard error to `log`) and
    returns the process once it answers /health."""
    server = subprocess.Popen([sop, "serve", "--config", config, "--port", str(port), *extra], stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_for_health(port, server)
    except BaseException:
        # A server that never answered is not left behind by the check that gives up on it.
        server.kill()
        server.wait()
        raise
    return server


def stop_server(server, seconds=20):
    """Stops `sop serve` gracefully (SIGTERM), waits for it and returns its exit status
    (nothing for None: not running)."""
    if server is None:
        return None
    if server.poll() is None:
        server.terminate()
    return server.wait(timeout=seconds)
