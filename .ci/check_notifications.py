#!/usr/bin/env python3
"""A reminder and an escalation, from their timers to a real mailbox and a webhook, each exactly
once across a server restart (issue 13, item 6).

Starts a local SMTP server (aiosmtpd), a local webhook receiver (http.server) and `sop serve` on
a variant of Serdang Bedagai's SOP whose recording step has two timers: a reminder after one
working day and an escalation to the head of office at the step's due (five working days). A
complaint is filed on the public API; then, as cron would on the same database:
  1. `sop timers run --at` the reminder's instant (read from `sop timers list`): the store writes
     the reminder's notice with its event, the running server's notifier mails the complaint
     officer and posts the webhook;
  2. the server stops; `sop timers run --at` the due instant fires the escalation while it is
     down, and the relay goes down too; the server starts, fails to deliver the mail, and records
     the attempt for a retry (the webhook, still up, gets its post);
  3. the relay comes back and `sop notify run --at` past the backoff sends the escalation to the
     head of office; the server, running beside it, sends nothing twice.
Each message is read as a mail reader parses it (subject decoded, Message-ID distinct), and
neither the mails, the posts nor the server log quote the complaint.

Usage: check_notifications.py SOP_BINARY
"""
import email
import email.header
import http.server
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from aiosmtpd.controller import Controller
from serving import add_officer, free_port, start_server, stop_server

COMPLAINT = "Lampu jalan di Jl. Merdeka mati sejak seminggu."


class Abort(Exception):
    """The check cannot go on; the failure is recorded already."""


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


class Hooks(http.server.BaseHTTPRequestHandler):
    posts = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hooks.posts.append((dict(self.headers), json.loads(body)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def subject(message):
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


def main():
    sop = os.path.abspath(sys.argv[1])
    root = os.getcwd()
    failures = []
    sink = Sink()
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    hooks = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "pengingat.yaml"), "w") as f:
            f.write(f"""format: sop/v1
extends: {root}/sops/serdang-bedagai-pengaduan.yaml
id: uji-pengingat
changes:
  - set: catat-pengaduan
    timers:
      - {{action: remind, after: "1 hari kerja"}}
      - {{action: escalate, to: kepala-dinas}}
""")
        config = os.path.join(tmp, "deploy.yaml")
        with open(config, "w") as f:
            f.write(f"""format: sop-deployment/v1
agency: Uji Notifikasi
sops: [{tmp}/pengingat.yaml]
database: cases.db
officers: officers.yaml
public: {{sop: uji-pengingat}}
timers: {{intervalSeconds: 1}}
notifications:
  smtp: {{host: 127.0.0.1, port: {smtp_port}, from: layanan@uji.example.go.id}}
  webhook: {{url: "http://127.0.0.1:{hooks.server_address[1]}/hook"}}
  timeoutSeconds: 5
""")
        db = os.path.join(tmp, "cases.db")
        add_officer(sop, config, "humas", "Siti Humas", ["pranata-humas"])
        add_officer(sop, config, "kadis", "Budi Kadis", ["kepala-dinas"])
        for officer, address in [("humas", "siti@uji.example.go.id"), ("kadis", "budi@uji.example.go.id")]:
            subprocess.run([sop, "deploy", "set-email", "--config", config, officer, address], check=True, stdout=subprocess.DEVNULL)
        log = open(os.path.join(tmp, "server.log"), "w")
        port = free_port()

        def timers():
            listed = subprocess.run([sop, "timers", "list", "--db", db, "--format", "json"], check=True, capture_output=True, text=True)
            return json.loads(listed.stdout)

        def fire(at):
            fired = subprocess.run([sop, "timers", "run", "--db", db, "--at", at, "--format", "json"], check=True, capture_output=True, text=True)
            return [t["action"] for t in json.loads(fired.stdout)]

        def wait_for(n, seconds):
            deadline = time.time() + seconds
            while time.time() < deadline and (len(sink.messages) < n or len(Hooks.posts) < n):
                time.sleep(0.25)
            time.sleep(2)  # a duplicate, if any, would come now

        server = start_server(sop, config, port, log)
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/public/complaints", method="POST",
                                             data=json.dumps({"complaint": COMPLAINT}).encode(),
                                             headers={"Content-Type": "application/json"})
            code = json.load(urllib.request.urlopen(request))["trackingCode"]
            pending = {t["action"]: t["at"] for t in timers() if t["caseID"] == code}
            print(f"pending timers of {code}: {pending}")
            if set(pending) != {"remind", "escalate"}:
                failures.append(f"expected a reminder and an escalation pending, got {pending}")
                raise Abort()
            # 1. The reminder, fired as cron would while the server runs.
            print(f"  fired at the reminder's instant: {fire(pending['remind'])}")
            wait_for(1, 20)
            print(f"reminder: {len(sink.messages)} mail(s), {len(Hooks.posts)} post(s)")
            if len(sink.messages) != 1 or len(Hooks.posts) != 1:
                failures.append(f"the reminder arrived as {len(sink.messages)} mails and {len(Hooks.posts)} posts, not one of each")
            else:
                rcpt, content = sink.messages[0]
                m = email.message_from_bytes(content)
                body = m.get_payload(decode=True).decode()
                print(f"  to {rcpt}: {subject(m)!r}")
                if rcpt != ["siti@uji.example.go.id"] or not subject(m).startswith("Pengingat: Mencatat") or code not in subject(m):
                    failures.append(f"the reminder is not the complaint officer's: {rcpt} {subject(m)!r}")
                if "Yth. Siti Humas," not in body:
                    failures.append("the reminder does not greet its officer")
                headers, post = Hooks.posts[0]
                if post.get("type") != "remind" or post.get("caseID") != code or [o["id"] for o in post.get("officers", [])] != ["humas"]:
                    failures.append(f"the reminder's webhook post is wrong: {post}")
            # 2. The restart in the middle: server down, the escalation fired, the relay down too.
            stop_server(server)
            server = None
            print(f"  fired at the due, server down: {fire(pending['escalate'])}")
            smtp.stop()
            server = start_server(sop, config, port, log)
            time.sleep(4)
            with sqlite3.connect(db) as c:
                rows = c.execute("SELECT seq, channel, attempts, sent_at IS NOT NULL, last_error FROM delivery ORDER BY seq, channel").fetchall()
            print(f"  while the relay is down: {rows}")
            mail = [r for r in rows if r[1] == "email"]
            if not (len(mail) == 2 and mail[0][3] == 1 and mail[1][3] == 0 and mail[1][2] >= 1 and (mail[1][4] or "").startswith("smtp-connect")):
                failures.append(f"the failed attempt is not recorded for a retry: {rows}")
            # 3. The relay back; a cron pass past the backoff sends it beside the running server.
            smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
            smtp.start()
            later = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() + 120))
            sent = subprocess.run([sop, "notify", "run", "--config", config, "--at", later, "--format", "json"], capture_output=True, text=True)
            print(f"  sop notify run: {sent.stdout.strip()} (exit {sent.returncode})")
            if sent.returncode != 0 or json.loads(sent.stdout).get("sent") != 1:
                failures.append(f"sop notify run did not send the escalation: {sent.stdout} {sent.stderr}")
            wait_for(2, 20)
            print(f"after the relay is back: {len(sink.messages)} mail(s), {len(Hooks.posts)} post(s) in all")
            ids = [email.message_from_bytes(c)["Message-ID"] for _, c in sink.messages]
            if len(sink.messages) != 2 or len(set(ids)) != 2 or len(Hooks.posts) != 2:
                failures.append(f"expected each notice exactly once, got {len(sink.messages)} mails ({ids}) and {len(Hooks.posts)} posts")
            else:
                rcpt, content = sink.messages[1]
                m = email.message_from_bytes(content)
                print(f"  to {rcpt}: {subject(m)!r}")
                if rcpt != ["budi@uji.example.go.id"] or not subject(m).startswith("Eskalasi: Mencatat") or "melewati batas waktu" not in subject(m):
                    failures.append(f"the escalation is not the head of office's: {rcpt} {subject(m)!r}")
                keys = {h.get("Idempotency-Key") for h, _ in Hooks.posts}
                kinds = [p["type"] for _, p in Hooks.posts]
                if kinds != ["remind", "escalate"] or len(keys) != 2 or Hooks.posts[1][1].get("escalatedTo") != "kepala-dinas":
                    failures.append(f"the webhook posts are wrong: {kinds}, keys {keys}")
            quoted = [c for _, c in sink.messages if b"Lampu jalan" in c] + [p for _, p in Hooks.posts if "Lampu jalan" in json.dumps(p)]
            if quoted:
                failures.append("a notification quotes the complaint")
        except Abort:
            pass
        finally:
            stop_server(server)
            smtp.stop(no_assert=True)
            hooks.shutdown()
            log.close()
            with open(os.path.join(tmp, "server.log")) as f:
                if "Lampu jalan" in f.read():
                    failures.append("the server log holds the complaint's text")
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)
    print("notifications check passed")


if __name__ == "__main__":
    main()
