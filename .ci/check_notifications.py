#!/usr/bin/env python3
"""Reminders over real SMTP, exactly once across a restart (issue 13, item 6).

Starts a local SMTP server (aiosmtpd) and `sop serve` with `notifications.smtp` pointing at
it, then:
  1. a reminder notice of a filed complaint reaches the complaint officer's mailbox;
  2. the server stops; a second notice is written while it is down (as a cron `sop timers run`
     would), and the SMTP server goes down too; the server starts, fails to deliver, the
     attempt is recorded for a retry; the SMTP server comes back;
  3. after the backoff the second message arrives, and the first is never sent again.
The notices are written into the outbox table as the store writes them with a fired remind
timer (the Swift tests cover the timer-to-notice step); the message is checked as a mail
reader parses it: its subject decoded, its Message-ID stable.

Usage: check_notifications.py SOP_BINARY
"""
import email
import email.header
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

from aiosmtpd.controller import Controller
from serving import add_officer, free_port, wait_for_health


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def main():
    sop = os.path.abspath(sys.argv[1])
    root = os.getcwd()
    failures = []
    sink = Sink()
    smtp_port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "deploy.yaml")
        with open(config, "w") as f:
            f.write(f"""format: sop-deployment/v1
agency: Uji Notifikasi
sops: [{root}/sops/serdang-bedagai-pengaduan.yaml]
database: cases.db
officers: officers.yaml
public: {{sop: serdang-bedagai-pengaduan}}
timers: {{intervalSeconds: 1}}
notifications: {{smtp: {{host: 127.0.0.1, port: {smtp_port}, from: layanan@uji.example.go.id}}, timeoutSeconds: 5}}
""")
        add_officer(sop, config, "humas", "Siti Humas", ["pranata-humas"])
        subprocess.run([sop, "deploy", "set-email", "--config", config, "humas", "siti@uji.example.go.id"], check=True, stdout=subprocess.DEVNULL)
        log = open(os.path.join(tmp, "server.log"), "w")
        port = free_port()

        def start():
            server = subprocess.Popen([sop, "serve", "--config", config, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=log)
            wait_for_health(port, server)
            return server

        def notice(code, seq):
            db = sqlite3.connect(os.path.join(tmp, "cases.db"))
            db.execute("INSERT INTO notice (case_id, seq, at, action, step) VALUES (?, ?, strftime('%s','now'), 'remind', 'catat-pengaduan')",
                       (code, seq))
            db.commit()
            db.close()

        def wait_for(n, seconds):
            deadline = time.time() + seconds
            while time.time() < deadline and len(sink.messages) < n:
                time.sleep(0.25)
            time.sleep(1.5)  # a duplicate, if any, would come now

        server = start()
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/public/complaints", method="POST",
                                             data=json.dumps({"complaint": "Lampu jalan mati."}).encode(),
                                             headers={"Content-Type": "application/json"})
            code = json.load(urllib.request.urlopen(request))["trackingCode"]
            notice(code, 1)
            wait_for(1, 20)
            print(f"first reminder: {len(sink.messages)} message(s)")
            if len(sink.messages) != 1:
                failures.append(f"the first reminder arrived {len(sink.messages)} times, not once")
            else:
                rcpt, content = sink.messages[0]
                m = email.message_from_bytes(content)
                subject = str(email.header.make_header(email.header.decode_header(m["Subject"])))
                body = m.get_payload(decode=True).decode()
                print(f"  to {rcpt}: {subject!r}, {m['Message-ID']}")
                if rcpt != ["siti@uji.example.go.id"] or not subject.startswith("Pengingat: Mencatat") or code not in subject:
                    failures.append(f"the reminder is not the complaint officer's: {rcpt} {subject!r}")
                if "Yth. Siti Humas," not in body or "Lampu jalan" in body:
                    failures.append("the reminder's text is wrong, or it quotes the complaint")
            # The restart in the middle: server down, a notice written, the relay down too.
            server.terminate()
            server.wait(timeout=20)
            notice(code, 2)
            smtp.stop()
            server = start()
            time.sleep(4)
            db = sqlite3.connect(os.path.join(tmp, "cases.db"))
            rows = db.execute("SELECT seq, attempts, sent_at IS NOT NULL, last_error FROM delivery ORDER BY seq").fetchall()
            db.close()
            print(f"  while the relay is down: {rows}")
            if not (len(rows) == 2 and rows[0][2] == 1 and rows[1][2] == 0 and rows[1][1] >= 1 and (rows[1][3] or "").startswith("smtp-connect")):
                failures.append(f"the failed attempt is not recorded for a retry: {rows}")
            smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
            smtp.start()
            wait_for(2, 90)  # the first retry waits a minute
            print(f"after the relay is back: {len(sink.messages)} message(s) in all")
            ids = [email.message_from_bytes(c)["Message-ID"] for _, c in sink.messages]
            if len(sink.messages) != 2 or len(set(ids)) != 2:
                failures.append(f"expected each reminder exactly once, got {len(sink.messages)} ({ids})")
        finally:
            server.terminate()
            server.wait(timeout=20)
            smtp.stop()
            log.close()
            with open(os.path.join(tmp, "server.log")) as f:
                text = f.read()
            for secret in ["Lampu jalan"]:
                if secret in text:
                    failures.append("the server log holds the complaint's text")
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)
    print("notifications check passed")


if __name__ == "__main__":
    main()
