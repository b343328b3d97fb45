#!/usr/bin/env python3
"""Drives the officers' web page in a real browser: headless Chromium through Selenium and
chromedriver (Debian's chromium and chromium-driver, selenium from PyPI), without JavaScript
on the page.

Starts `sop serve` on a temporary deployment of the Serdang Bedagai SOP with one officer,
files a public complaint over HTTP, then in the browser: signs in with the token, sees the
complaint on the task board, opens it, completes the recording step with a document, and
sees the board change (a notice, and the case now waiting at the examination). Screenshots go
to ARTIFACT_DIR (default .artifacts/), outside git.

Usage: check_web_in_browser.py SOP_BINARY [ARTIFACT_DIR]
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from serving import add_officer, free_port, wait_for_health


def main():
    sop = os.path.abspath(sys.argv[1])
    artifacts = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".artifacts")
    os.makedirs(artifacts, exist_ok=True)
    root = os.getcwd()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "deploy.yaml")
        with open(config, "w") as f:
            f.write(f"""format: sop-deployment/v1
agency: Kabupaten Serdang Bedagai (uji)
sops: [{root}/sops/serdang-bedagai-pengaduan.yaml]
database: cases.db
public: {{sop: serdang-bedagai-pengaduan}}
officers: officers.yaml
""")
        token = add_officer(sop, config, "humas-1", "Siti Humas", ["pranata-humas"])
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sop, "serve", "--config", config, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        driver = None
        try:
            wait_for_health(port, server)
            request = urllib.request.Request(base + "/public/complaints", method="POST",
                                             data=json.dumps({"complaint": "Izin usaha belum terbit."}).encode(),
                                             headers={"Content-Type": "application/json"})
            code = json.load(urllib.request.urlopen(request))["trackingCode"]

            options = Options()
            for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
                options.add_argument(arg)
            options.binary_location = "/usr/bin/chromium"
            driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
            driver.get(base + "/")
            driver.find_element(By.ID, "token").send_keys(token)
            driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
            try:
                WebDriverWait(driver, 15).until(lambda d: "/papan" in d.current_url)
            except Exception:
                pass
            rows = driver.find_elements(By.CSS_SELECTOR, f"tr[data-case='{code}']")
            print(f"signed in; the board lists {len(rows)} row(s) for {code}")
            if not rows or "Mencatat" not in rows[0].text:
                failures.append("the new complaint is not on the board at the recording step")
            driver.save_screenshot(os.path.join(artifacts, "board-before.png"))
            rows[0].find_element(By.TAG_NAME, "a").click()
            document = os.path.join(tmp, "catatan.txt")
            with open(document, "w") as f:
                f.write("Pengaduan dicatat di buku agenda.\n")
            driver.find_element(By.ID, "doc-pengaduan-tercatat").send_keys(document)
            driver.find_element(By.CSS_SELECTOR, "form[enctype] input[type=submit]").click()
            # Wait for the redirect to the board (the click returns before the next page loads).
            try:
                WebDriverWait(driver, 15).until(lambda d: "/papan" in d.current_url and d.find_elements(By.CSS_SELECTOR, ".message.ok"))
            except Exception:
                pass
            notice = driver.find_elements(By.CSS_SELECTOR, ".message.ok")
            rows = driver.find_elements(By.CSS_SELECTOR, f"tr[data-case='{code}']")
            print(f"after completing: notice {notice[0].text if notice else None!r}; row {rows[0].text if rows else None!r}")
            if not notice or not rows or "menelaah" not in rows[0].text:
                failures.append("after completing the step the board did not change to the examination")
            png = os.path.join(artifacts, "board-after.png")
            driver.save_screenshot(png)
            image = Image.open(png).convert("RGB")
            colours = image.getcolors(maxcolors=1 << 20) or []
            if len(colours) < 8:
                failures.append("the board screenshot is blank")
            driver.get(base + "/papan?lang=en")
            if "Task board" not in driver.page_source:
                failures.append("the English board is missing")
        finally:
            if driver:
                driver.quit()
            server.terminate()
            server.wait(timeout=20)
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)
    print("web page browser check passed")


if __name__ == "__main__":
    main()
