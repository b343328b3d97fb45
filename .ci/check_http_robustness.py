#!/usr/bin/env python3
"""HTTP robustness of `sop serve`, over raw sockets (standard library only).

Starts the server of a temporary deployment (one seed SOP, public filings, short timeouts:
idle 2 s, request 4 s, 8 connections per address) on a free loopback port, then sends what
clients should not: malformed framing (bad request lines, bad chunked encoding, conflicting
Content-Length, bare CR or LF), huge headers and header counts, unknown and odd methods,
oversized bodies, slow clients (slowloris heads, slow bodies), silent connections and more
connections from one address than it may hold. Every answer must be a 4xx (or the connection
closed), never a 5xx; every error answer must carry the JSON error body; idle and slow
connections must be closed by their timeouts; and the server must stay up and still answer
`/health` after each group and at the end. Takes about half a minute.

Usage: check_http_robustness.py SOP_BINARY
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from serving import free_port, start_server

IDLE, REQUEST, PER_ADDRESS = 2, 4, 8
failures = []


def fail(what):
    failures.append(what)
    print(f"  FAIL {what}")


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_answer(s, within=5.0):
    """(status or None, head text, body bytes, closed) of one answer, or what came before the close."""
    s.settimeout(within)
    data, deadline = b"", time.time() + within
    while time.time() < deadline:
        if b"\r\n\r\n" in data:
            head, _, rest = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip() or 0)
            if len(rest) >= length:
                status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else None
                return status, head.decode("latin-1"), rest[:length], False
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except OSError:
            return None, "", data, True
        if not chunk:
            return None, "", data, True
        data += chunk
    return None, "", data, False


def closed_within(s, seconds):
    """Whether the server closes `s` within `seconds` (reading and discarding what it sends)."""
    s.settimeout(0.2)
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if not s.recv(65536):
                return True
        except socket.timeout:
            continue
        except OSError:
            return True
    return False


def check_answer(what, status, head, body, closed, allow=(400, 401, 404, 405, 408, 411, 413, 414, 415, 431, 501, 505), json_body=True):
    if status is None:
        if not closed:
            fail(f"{what}: neither answered nor closed")
        return
    if status >= 500 and status not in allow:
        fail(f"{what}: server error {status}")
    elif status >= 400:
        if status not in allow:
            fail(f"{what}: unexpected status {status}")
        if "x-content-type-options: nosniff" not in head.lower():
            fail(f"{what}: {status} without nosniff")
        if not json_body:
            return
        try:
            err = json.loads(body or b"null")
            assert isinstance(err, dict) and "code" in err["error"] and "message" in err["error"]
        except Exception:
            fail(f"{what}: {status} without the JSON error body ({body[:80]!r})")


def send_raw(port, what, data, **kw):
    s = connect(port)
    try:
        s.sendall(data)
    except OSError:
        pass  # the server may close before reading all of it
    status, head, body, closed = read_answer(s)
    s.close()
    check_answer(what, status, head, body, closed, **kw)
    return status


def health(port, when):
    try:
        s = connect(port)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        status, _, body, _ = read_answer(s)
        s.close()
        if status != 200 or json.loads(body)["status"] != "ok":
            fail(f"/health after {when}: {status}")
    except Exception as e:
        fail(f"/health after {when}: {e}")


def main():
    sop = os.path.abspath(sys.argv[1])
    root = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "deploy.yaml")
        with open(config, "w") as f:
            f.write(f"""format: sop-deployment/v1
agency: Uji HTTP
sops: [{root}/sops/serdang-bedagai-pengaduan.yaml]
database: cases.db
listen: {{idleTimeout: {IDLE}, requestTimeout: {REQUEST}, connectionsPerAddress: {PER_ADDRESS}}}
public: {{sop: serdang-bedagai-pengaduan, rateLimit: {{requests: 1000, perSeconds: 60}}}}
officers: officers.yaml
""")
        port = free_port()
        # The server logs a line per request: a pipe nobody reads would fill and stall it.
        server_log = tempfile.TemporaryFile()
        server = start_server(sop, config, port, server_log)
        try:
            started = time.time()
            run(port)
            if server.poll() is not None:
                fail(f"the server exited with status {server.returncode}")
            print(f"({time.time() - started:.1f} s)")
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
            err = (server_log.seek(0), server_log.read())[1].decode(errors="replace")
            if "Fatal error" in err or "Segmentation" in err:
                fail("the server crashed: " + err[-1000:])
    if failures:
        print(f"FAIL: {len(failures)} HTTP robustness problems (see above)")
        sys.exit(1)
    print("HTTP robustness check passed")


def run(port):
    print("== malformed framing")
    cases = {
        "garbage request line": b"GARBAGE\r\n\r\n",
        "no version": b"GET /health\r\n\r\n",
        "bad version": b"GET /health HTTP/9.9\r\nHost: x\r\n\r\n",
        "space in target": b"GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n",
        "binary request line": b"\x00\x01\x02\xff\xfe\r\n\r\n",
        "header without colon": b"GET /health HTTP/1.1\r\nHost x\r\n\r\n",
        "space before colon": b"GET /health HTTP/1.1\r\nHost : x\r\n\r\n",
        "bare LF line ends": b"GET /health HTTP/1.1\nHost: x\n\n",
        "bare CR line ends": b"GET /health HTTP/1.1\rHost: x\r\r",
        "CR inside a header value": b"GET /health HTTP/1.1\r\nHost: x\rX: y\r\n\r\n",
        "conflicting Content-Length": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 9\r\n\r\n{}{}{}{}{",
        "negative Content-Length": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "non-numeric Content-Length": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "Content-Length and chunked": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "bad chunk size": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        "chunk longer than declared": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n0\r\n\r\n",
        "unknown transfer coding": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, zz\r\n\r\n0\r\n\r\n",
        "body not JSON": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{{{{{",
        "body shorter than declared then close": b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"a\"",
    }
    for what, data in cases.items():
        send_raw(port, what, data)
    health(port, "malformed framing")

    print("== huge headers and header counts")
    send_raw(port, "a 100 KB header", b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
    send_raw(port, "5,000 headers", b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(5000)) + b"\r\n")
    send_raw(port, "a 100 KB request target", b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    send_raw(port, "a 10 KB query", b"GET /api/cases?" + b"a=b&" * 2500 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    health(port, "huge headers")

    print("== unknown and odd methods")
    for method in [b"BREW", b"PROPFIND", b"TRACE", b"CONNECT", b"OPTIONS", b"DELETE", b"PATCH", b"PUT", b"get", b"G\x00T", b"A" * 1000]:
        # An answer to CONNECT has no body in HTTP/1.1 framing (NIO drops it): a 405 and a close.
        send_raw(port, f"method {method[:20]!r}", method + b" /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
                 json_body=method != b"CONNECT")
    s = connect(port)
    s.sendall(b"HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n")
    s.settimeout(3)
    head = s.recv(65536)
    s.close()
    if not head.startswith(b"HTTP/1.1 200"):
        fail(f"HEAD /health: {head[:40]!r}")
    health(port, "odd methods")

    print("== oversized bodies")
    for path, size in [("/public/complaints", 70_000_000), ("/api/cases", 70_000_000), ("/public/complaints", 300_000)]:
        s = connect(port)
        t = time.time()
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n".encode() + b"{" * 1000)
        status, head, body, closed = read_answer(s)
        s.close()
        if status != 413:
            fail(f"POST {path} declaring {size} bytes: {status} instead of 413")
        check_answer(f"{size} bytes to {path}", status, head, body, closed)
        if time.time() - t > 5:
            fail(f"{size} bytes to {path}: took {time.time() - t:.1f} s to refuse")
    # Chunked, no length declared: refused once past the public limit.
    s = connect(port)
    s.sendall(b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    try:
        for _ in range(10):
            s.sendall(b"10000\r\n" + b"a" * 0x10000 + b"\r\n")
    except OSError:
        pass
    status, head, body, closed = read_answer(s)
    s.close()
    if status != 413:
        fail(f"a chunked 640 KB public body: {status} instead of 413")
    check_answer("chunked 640 KB public body", status, head, body, closed)
    health(port, "oversized bodies")

    print("== slow and silent clients")
    results = {}

    def slow(name, action, limit):
        try:
            s = connect(port)
            t = time.time()
            action(s)
            closed = closed_within(s, limit + 5)
            results[name] = (closed, time.time() - t, limit)
            s.close()
        except Exception as e:
            results[name] = (False, 0, f"error {e}")

    def silent(s):
        pass

    def slowloris(s):
        s.sendall(b"GET /health HTTP/1.1\r\n")
        for i in range(int(IDLE * 4)):
            try:
                s.sendall(b"X-%d: y\r\n" % i)
            except OSError:
                return
            time.sleep(0.5)

    def slow_body(s):
        s.sendall(b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(int(REQUEST * 4)):
            try:
                s.sendall(b" ")
            except OSError:
                return
            time.sleep(0.5)

    def idle_after_answer(s):
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        read_answer(s)

    threads = [threading.Thread(target=slow, args=a) for a in [
        ("silent connection", silent, IDLE), ("slowloris head", slowloris, IDLE),
        ("slow body", slow_body, REQUEST), ("idle keep-alive", idle_after_answer, IDLE)]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, (closed, took, limit) in results.items():
        if not closed:
            fail(f"{name}: still open after {took:.1f} s (limit {limit})")
        else:
            print(f"  {name}: closed after {took:.1f} s")
    health(port, "slow clients")

    print(f"== more than {PER_ADDRESS} connections from one address")
    held = [connect(port) for _ in range(PER_ADDRESS)]
    time.sleep(0.3)
    extra = connect(port)
    if not closed_within(extra, 4):
        fail(f"connection {PER_ADDRESS + 1} from one address was not refused")
    extra.close()
    held[0].sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    if read_answer(held[0])[0] != 200:
        fail("a held connection stopped answering")
    for s in held:
        s.close()
    time.sleep(0.3)
    # Many connections opened and dropped at once, as a flood would.
    flood = []
    for _ in range(200):
        try:
            flood.append(connect(port))
        except OSError:
            pass
    for s in flood:
        s.close()
    time.sleep(0.5)
    health(port, "a connection flood")

    print("== still serving")
    s = connect(port)
    body = json.dumps({"complaint": "Lampu jalan mati."}).encode()
    s.sendall(b"POST /public/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    status = read_answer(s)[0]
    s.close()
    if status != 201:
        fail(f"a good public filing after all that: {status}")
    health(port, "the whole run")


if __name__ == "__main__":
    main()
