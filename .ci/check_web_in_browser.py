#!/usr/bin/env python3
"""Drives the officers' web page in a real browser: headless Chromium through Selenium and
chromedriver (Debian's chromium and chromium-driver, selenium from PyPI), without JavaScript
on the page.

Starts `sop serve` on a temporary deployment of the Serdang Bedagai complaint SOP and the
DPMPTSP building-permit SOP (sops/dpmptsp-imb-jatim.yaml) with their officers, then:

1. Serdang Bedagai: files a public complaint over HTTP; in the browser signs in with the
   token, sees the complaint on the task board, completes the recording step with a document
   and sees the board change (a notice, the case now at the examination).
2. The building permit, end to end, each step by its officer through the case page's form:
   the counter's receipt; the technical team's evaluation forks the case, and the team's board
   shows both parallel branches; the counter calculates the fee (an alternative actor) while
   the team's field check sends the plans back to the applicant: the case page says it waits
   on the applicant with the service clock stopped and shows no overdue mark; the counter
   records the applicant's corrected plans and prints the permit, the second field check
   agrees, the branches join at the verification, the permit is approved, signed, announced,
   paid and handed over: the case is closed.
3. Work assignment: a walk-in registered at the counter is claimed on the board by the
   complaint officer, who then goes on leave (`sop deploy set-leave`); the substitute finds it
   among their tasks and records it (the history says for whom), colleagues examine, check and
   sign the reply, and the public downloads it with the tracking code.

Screenshots (1280 px wide, and the waiting case at 500 px, where the page may not scroll
sideways) go to ARTIFACT_DIR (default .artifacts/), outside git.

Usage: check_web_in_browser.py SOP_BINARY [ARTIFACT_DIR]
"""
import base64
import datetime
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
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from serving import add_officer, free_port, start_server, stop_server

LICENSING = "dpmptsp-imb-jatim"


class Check:
    def __init__(self, driver, base, artifacts, tmp):
        self.driver, self.base, self.artifacts, self.tmp = driver, base, artifacts, tmp
        self.failures = []
        self.signed_in = None

    def expect(self, condition, message):
        if not condition:
            self.failures.append(message)
        return condition

    def screenshot(self, name):
        png = os.path.join(self.artifacts, name)
        self.driver.save_screenshot(png)
        colours = Image.open(png).convert("RGB").getcolors(maxcolors=1 << 20) or []
        self.expect(len(colours) >= 8, f"the screenshot {name} is blank")
        return png

    def sign_in(self, who, token):
        if self.signed_in == who:
            return
        self.driver.delete_all_cookies()
        self.driver.get(self.base + "/masuk")
        self.driver.find_element(By.ID, "token").send_keys(token)
        self.driver.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
        try:
            WebDriverWait(self.driver, 15).until(lambda d: "/papan" in d.current_url)
        except Exception:
            self.failures.append(f"{who} could not sign in")
        self.signed_in = who

    def board_steps(self, case):
        """The steps the signed-in officer's board lists for `case`, in order."""
        self.driver.get(self.base + "/papan")
        return [r.get_attribute("data-step") for r in self.driver.find_elements(By.CSS_SELECTOR, f"tr[data-case='{case}']")]

    def complete(self, case, step, files=(), outcome=None):
        """Completes `step` through its form on the case page, as a browser without JavaScript."""
        self.driver.get(f"{self.base}/kasus/{case}")
        forms = self.driver.find_elements(By.CSS_SELECTOR, f"form[data-step='{step}']")
        if not self.expect(forms, f"{self.signed_in}: no form for step {step} of {case}"):
            return False
        form = forms[0]
        for doc in files:
            path = os.path.join(self.tmp, f"{doc}.txt")
            with open(path, "w") as f:
                f.write(f"{doc} untuk {case}\n")
            form.find_element(By.ID, f"doc-{step}-{doc}").send_keys(path)
        if outcome:
            form.find_element(By.CSS_SELECTOR, f"input[type=radio][value='{outcome}']").click()
        form.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
        try:
            WebDriverWait(self.driver, 15).until(lambda d: "/papan" in d.current_url and d.find_elements(By.CSS_SELECTOR, ".message.ok"))
        except Exception:
            errors = self.driver.find_elements(By.CSS_SELECTOR, ".message.error")
            self.failures.append(f"{self.signed_in}: completing {step} of {case} failed: {errors[0].text if errors else self.driver.current_url}")
            return False
        print(f"  {self.signed_in}: {step}" + (f" ({outcome})" if outcome else ""))
        return True

    def case_page(self, case):
        self.driver.get(f"{self.base}/kasus/{case}")
        return self.driver.find_element(By.TAG_NAME, "main").text


COMPLAINT = "Izin usaha belum terbit."


def serdang(check, code, token):
    driver = check.driver
    check.sign_in("humas-1", token)
    rows = driver.find_elements(By.CSS_SELECTOR, f"tr[data-case='{code}']")
    print(f"signed in; the board lists {len(rows)} row(s) for {code}")
    if not check.expect(rows and "Mencatat" in rows[0].text, "the new complaint is not on the board at the recording step"):
        return
    check.screenshot("board-before.png")
    step = rows[0].get_attribute("data-step")
    # The complaint is shown on the case page and downloads as filed.
    driver.get(f"{check.base}/kasus/{code}")
    texts = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "pre.document-text")]
    check.expect(any(COMPLAINT in t for t in texts), "the case page does not show the complaint text")
    links = driver.find_elements(By.CSS_SELECTOR, "li[data-document] a[href*='/dokumen/']")
    if check.expect(links, "the case page has no download link for the complaint"):
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        request = urllib.request.Request(links[0].get_attribute("href"), headers={"Cookie": cookie})
        body = urllib.request.urlopen(request).read().decode()
        check.expect(COMPLAINT in body, "the downloaded complaint is not the text filed")
    check.screenshot("case-complaint.png")
    check.complete(code, step, files=["pengaduan-tercatat"])
    notice = driver.find_elements(By.CSS_SELECTOR, ".message.ok")
    rows = driver.find_elements(By.CSS_SELECTOR, f"tr[data-case='{code}']")
    print(f"after completing: notice {notice[0].text if notice else None!r}; row {rows[0].text if rows else None!r}")
    check.expect(notice and rows and "menelaah" in rows[0].text, "after completing the step the board did not change to the examination")
    check.screenshot("board-after.png")
    driver.get(check.base + "/papan?lang=en")
    check.expect("Task board" in driver.page_source, "the English board is missing")
    # The audit page, reached from the header: the completion just made, by this officer,
    # and nothing of the complaint's text.
    driver.get(check.base + "/papan")
    driver.find_element(By.CSS_SELECTOR, "header a[href^='/jejak']").click()
    WebDriverWait(driver, 15).until(lambda d: "/jejak" in d.current_url)
    entries = driver.find_elements(By.CSS_SELECTOR, f"table.audit tr[data-case='{code}']")
    print(f"audit page: {len(entries)} entr(ies) for {code}; first {entries[0].text if entries else None!r}")
    check.expect(entries and "humas-1" in entries[0].text and "menyelesaikan langkah" in entries[0].text,
                 "the audit page does not show the officer's completion first")
    check.expect(COMPLAINT not in driver.page_source, "the audit page shows the complaint text")
    check.screenshot("audit.png")


WALK_IN = "Jalan berlubang di depan pasar, sudah dua minggu."


def walk_in(check, token):
    """A complaint taken by phone at the counter: registered through the header's form, the
    citizen's step shown as done on their behalf, the case followed by its tracking code."""
    driver = check.driver
    check.sign_in("humas-1", token)
    driver.get(check.base + "/papan")
    driver.find_element(By.CSS_SELECTOR, "header a[href^='/kasus/baru']").click()
    WebDriverWait(driver, 15).until(lambda d: "/kasus/baru" in d.current_url)
    check.screenshot("walk-in-form.png")
    form = driver.find_element(By.CSS_SELECTOR, "form.walkin")
    form.find_element(By.CSS_SELECTOR, "input[name=channel][value=telepon]").click()
    form.find_element(By.ID, "complaint").send_keys(WALK_IN)
    form.find_element(By.ID, "name").send_keys("Pak Darto")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    try:
        WebDriverWait(driver, 15).until(lambda d: "baru=1" in d.current_url)
    except Exception:
        errors = driver.find_elements(By.CSS_SELECTOR, ".message.error")
        check.failures.append(f"the walk-in was not registered: {errors[0].text if errors else driver.current_url}")
        return
    code = driver.current_url.split("/kasus/")[1].split("?")[0]
    notice = driver.find_elements(By.CSS_SELECTOR, ".message.ok")
    marks = driver.find_elements(By.CSS_SELECTOR, "[data-on-behalf]")
    print(f"walk-in {code}: notice {notice[0].text if notice else None!r}; on-behalf marks {len(marks)}")
    check.expect(code.startswith("LAPOR-") and notice and code in notice[0].text, "the walk-in's tracking code is not handed over")
    check.expect(len(marks) == 1 and "diwakili petugas" in marks[0].text, "the citizen's step is not shown as done on their behalf")
    check.expect(any(WALK_IN in p.text for p in driver.find_elements(By.CSS_SELECTOR, "pre.document-text")),
                 "the walk-in's complaint text is not on its case page")
    check.screenshot("walk-in-case.png")
    status = json.load(urllib.request.urlopen(f"{check.base}/public/complaints/{code}"))
    print(f"  public tracking: {status}")
    check.expect(status.get("status") == "open" and "Pak Darto" not in json.dumps(status),
                 "the walk-in cannot be followed with its code, or the tracking shows personal data")
    return code


def assignment(check, sop, config, code, tokens):
    """The walk-in worked to the reply by named officers: the complaint officer claims it on
    the board and goes on leave (`sop deploy set-leave`, read by the running server on the
    next request); the colleague who substitutes sees it among their tasks and records and
    examines it (the history says for whom); the functional officer and the head of office
    decide, the reply is sent, and the public downloads it with the tracking code."""
    driver = check.driver
    check.sign_in("humas-1", tokens["humas-1"])
    driver.get(check.base + "/papan")
    claim = driver.find_elements(By.CSS_SELECTOR, f"tr[data-case='{code}'] form input[type=submit]")
    if not check.expect(claim, f"the board offers no claim button for {code}"):
        return
    claim[0].click()
    # The board was already at /papan: wait for the page the claim's redirect brings, not the URL.
    try:
        WebDriverWait(driver, 15).until(EC.staleness_of(claim[0]))
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    except Exception:
        pass
    held = driver.find_elements(By.CSS_SELECTOR, f"tr[data-case='{code}'] [data-assignee='humas-1']")
    check.expect(held, "the claimed task does not show its officer on the board")
    driver.get(check.base + "/papan?lihat=saya")
    mine = [r.get_attribute("data-case") for r in driver.find_elements(By.CSS_SELECTOR, "tr[data-case]")]
    print(f"assignment: humas-1 claimed {code}; my tasks {mine}")
    check.expect(mine == [code], "'my tasks' does not list exactly the claimed task")
    check.screenshot("board-claimed.png")
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()
    subprocess.run([sop, "deploy", "set-leave", "humas-1", "--config", config, "--from", str(today),
                    "--to", str(today + datetime.timedelta(days=14)), "--substitute", "humas-2"], check=True, capture_output=True)
    check.sign_in("humas-2", tokens["humas-2"])
    driver.get(check.base + "/papan?lihat=saya")
    banner = driver.find_elements(By.CSS_SELECTOR, "[data-substituting]")
    rows = [r.get_attribute("data-case") for r in driver.find_elements(By.CSS_SELECTOR, "tr[data-case]")]
    print(f"  humas-2 substitutes: {banner[0].text if banner else None!r}; my tasks {rows}")
    check.expect(banner and "Siti Humas" in banner[0].text and code in rows,
                 "the substitute's board does not show the task of the officer on leave")
    check.screenshot("board-substitute.png")
    check.complete(code, "catat-pengaduan")
    check.complete(code, "telaah-pengaduan", files=["telaahan-staf"])
    page = check.case_page(code)
    marks = driver.find_elements(By.CSS_SELECTOR, "[data-substitute-for]")
    # The recording was humas-1's task, done for them; the examination humas-2 did in their own role.
    check.expect(len(marks) == 1 and "Siti Humas" in marks[0].text,
                 "the history does not show the substitute acting for the officer on leave")
    check.expect(page.count("Rina Humas") >= 2, "the history does not name the officer who acted")
    check.screenshot("case-substitute.png")
    check.sign_in("fungsional", tokens["fungsional"])
    check.complete(code, "periksa-draft", files=["draft-surat-balasan"], outcome="setuju")
    check.sign_in("kadis", tokens["kadis"])
    check.complete(code, "tandatangani-balasan", files=["surat-jawaban"], outcome="setuju")
    check.sign_in("humas-2", tokens["humas-2"])
    check.complete(code, "kirim-balasan")
    status = json.load(urllib.request.urlopen(f"{check.base}/public/complaints/{code}"))
    replies = status.get("replies") or []
    print(f"  public tracking after the reply: {status}")
    if check.expect(replies, "the public sees no reply for the walk-in"):
        body = urllib.request.urlopen(check.base + replies[0]["url"]).read().decode()
        check.expect("surat-jawaban" in body, "the reply the public downloads is not the letter sent")
    subprocess.run([sop, "deploy", "end-leave", "humas-1", "--config", config], check=True, capture_output=True)


def licensing(check, case, tokens):
    driver = check.driver
    print(f"building permit {case}:")
    check.sign_in("loket", tokens["loket"])
    check.expect(check.board_steps(case) == ["terima-berkas"], "the new application is not on the counter's board at the receipt")
    check.complete(case, "terima-berkas", files=["tanda-terima"])
    check.sign_in("teknis", tokens["teknis"])
    check.complete(case, "evaluasi-rencana")
    steps = check.board_steps(case)
    print(f"  the technical team's board after the fork: {steps}")
    check.expect(steps == ["peninjauan-lokasi", "hitung-retribusi"], f"the team's board does not show both parallel branches: {steps}")
    check.screenshot("imb-board-parallel.png")
    page = check.case_page(case)
    check.expect("Jadwal peninjauan lokasi" in page and "Aplikasi SIM DPMPTSP" in page,
                 "the case page does not show the steps' non-document requirements")
    forms = [f.get_attribute("data-step") for f in driver.find_elements(By.CSS_SELECTOR, "form[data-step]")]
    check.expect(forms == ["peninjauan-lokasi", "hitung-retribusi"], f"the team's case page does not have a form per branch: {forms}")
    check.expect(not driver.find_elements(By.CSS_SELECTOR, "input[type=file][name='doc-berkas-imb']"),
                 "the case page asks again for the file the case was opened with")
    check.screenshot("imb-case-parallel.png")
    # The counter takes the fee branch (it may, as an alternative actor), the team the field check.
    check.sign_in("loket", tokens["loket"])
    check.complete(case, "hitung-retribusi", files=["lembar-kerja-retribusi"])
    check.sign_in("teknis", tokens["teknis"])
    check.complete(case, "peninjauan-lokasi", files=["berita-acara-pemeriksaan"], outcome="tidak-sesuai")
    page = check.case_page(case)
    waiting = "Menunggu pemohon sejak" in page and "jam layanan berhenti" in page
    print(f"  after the plans went back: waiting on the applicant shown: {waiting}")
    check.expect(waiting, "the case page does not say it waits on the applicant with the clock stopped")
    check.expect("TERLAMBAT" not in page, "a case waiting on the applicant shows an overdue mark")
    check.screenshot("imb-case-waiting.png")
    driver.set_window_size(500, 900)
    driver.get(f"{check.base}/kasus/{case}")
    wide = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    print(f"  at 500 px: page {wide} px wide in a {inner} px viewport")
    check.expect(wide <= inner, f"at 500 px the case page scrolls sideways ({wide} px > {inner} px)")
    check.screenshot("imb-case-waiting-500px.png")
    driver.set_window_size(1280, 900)
    # The applicant brings the corrected plans to the counter.
    check.sign_in("loket", tokens["loket"])
    check.complete(case, "perbaikan-gambar", files=["gambar-perbaikan"])
    check.expect("Menunggu pemohon sejak" not in check.case_page(case), "the clock did not run again after the applicant's answer")
    check.complete(case, "cetak-sk", files=["sk-imb"])
    check.sign_in("teknis", tokens["teknis"])
    check.complete(case, "peninjauan-lokasi", files=["berita-acara-pemeriksaan"], outcome="sesuai")
    check.sign_in("kabid", tokens["kabid"])
    check.expect(check.board_steps(case) == ["verifikasi"], "after the join the case is not at the verification")
    check.complete(case, "verifikasi", files=["sk-imb-terverifikasi"], outcome="ya")
    check.sign_in("kadis", tokens["kadis"])
    check.complete(case, "tandatangani-sk", files=["sk-imb-ttd"])
    check.sign_in("data", tokens["data"])
    check.complete(case, "beritahu-pemohon", files=["pemberitahuan"])
    check.sign_in("loket", tokens["loket"])
    check.complete(case, "bayar-retribusi", files=["bukti-bayar"])
    check.complete(case, "serahkan-sk")
    page = check.case_page(case)
    print(f"  closed: {'Berakhir: Selesai' in page}")
    check.expect("Status: selesai" in page, "the permit case is not closed")
    check.expect("Berakhir: Selesai" in page, "the closed case does not say how it ended")
    check.screenshot("imb-case-closed.png")


PUBLIC = "Pelayanan KTP di kecamatan lambat, antrean sejak pukul 07.00."

CONTRAST_JS = """
function lum(c) {
  const v = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(x => x / 255)
    .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function background(e) {
  for (; e; e = e.parentElement) {
    const b = getComputedStyle(e).backgroundColor;
    if (b && b !== 'transparent' && !b.startsWith('rgba(0, 0, 0, 0')) return b;
  }
  return 'rgb(255, 255, 255)';
}
return Array.from(document.querySelectorAll(arguments[0])).map(e => {
  const a = lum(getComputedStyle(e).color), b = lum(background(e));
  return [e.tagName + '.' + e.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
});
"""


def public_pages(check, replied_code):
    """The public side as a citizen on a phone: files on /lapor without JavaScript, is sent
    to /lacak with the code, tracks it again typed in lower case, is told of a mistyped code,
    and downloads the reply of a case that has one; the page fits the phone's width, every
    field is reached with the keyboard and its text has WCAG AA contrast."""
    driver = check.driver
    driver.delete_all_cookies()
    check.signed_in = None
    driver.set_window_size(390, 844)
    try:
        driver.get(check.base + "/lapor")
        labels = {l.get_attribute("for") for l in driver.find_elements(By.CSS_SELECTOR, "form.public label[for]")}
        check.expect({"complaint", "name", "contact"} <= labels, f"the filing form's fields have no labels: {labels}")
        # Keyboard: from the page's top, Tab reaches the complaint, name, contact, the two choices and the button.
        body = driver.find_element(By.TAG_NAME, "body")
        body.click()
        reached = []
        for _ in range(20):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            e = driver.switch_to.active_element
            reached.append(e.get_attribute("id") or e.get_attribute("name") or e.get_attribute("type"))
        check.expect(all(x in reached for x in ["complaint", "name", "contact", "anonymous", "confidential", "submit"]),
                     f"the keyboard does not reach every field of the filing form: {reached}")
        low = [(what, round(r, 2)) for what, r in driver.execute_script(CONTRAST_JS, "label, .hint, p, h1, legend, header a, header div, input[type=submit]") if r < 4.5]
        check.expect(not low, f"text below WCAG AA contrast (4.5:1) on /lapor: {low}")
        width = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        check.expect(width[0] <= width[1], f"/lapor scrolls sideways on a phone: {width}")
        driver.find_element(By.ID, "complaint").send_keys(PUBLIC)
        driver.find_element(By.ID, "name").send_keys("Wati")
        check.screenshot("public-file-phone.png")
        driver.find_element(By.CSS_SELECTOR, "form.public input[type=submit]").click()
        try:
            WebDriverWait(driver, 15).until(lambda d: "/lacak" in d.current_url and "baru=1" in d.current_url)
        except Exception:
            errors = driver.find_elements(By.CSS_SELECTOR, ".message.error")
            check.failures.append(f"the public filing failed: {errors[0].text if errors else driver.current_url}")
            return
        code = driver.find_element(By.CSS_SELECTOR, "section.tracked h2").text
        notice = driver.find_elements(By.CSS_SELECTOR, ".message.ok")
        print(f"public filing: {code}; notice {notice[0].text if notice else None!r}")
        check.expect(code.startswith("LAPOR-") and len(code) == 19 and notice and code in notice[0].text,
                     "the tracking page does not hand over the new code")
        check.expect(PUBLIC not in driver.page_source and "Wati" not in driver.page_source, "the tracking page shows the complaint or the name")
        check.screenshot("public-track-phone.png")
        # Typed again in lower case into the tracking form.
        field = driver.find_element(By.ID, "kode")
        field.clear()
        field.send_keys(code.lower())
        field.submit()
        WebDriverWait(driver, 15).until(lambda d: "kode=" in d.current_url)
        check.expect(driver.find_elements(By.CSS_SELECTOR, "section.tracked") and "sedang diproses" in driver.page_source,
                     "a code typed in lower case is not found")
        # One character wrong: told as a typo.
        wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
        driver.get(f"{check.base}/lacak?kode={wrong}")
        errors = driver.find_elements(By.CSS_SELECTOR, ".message.error")
        check.expect(errors and "salah ketik" in errors[0].text, "a mistyped code is not told apart")
        # The case worked to the reply: its reply downloads from the tracking page.
        if replied_code:
            driver.get(f"{check.base}/lacak?kode={replied_code.lower()}&lang=en")
            links = driver.find_elements(By.CSS_SELECTOR, "section.tracked a[href^='/public/complaints/']")
            print(f"  {replied_code} tracked in English: {len(links)} reply link(s)")
            if check.expect(links, "the tracking page offers no reply to download"):
                body = urllib.request.urlopen(links[0].get_attribute("href")).read()
                check.expect(len(body) > 0, "the reply downloaded from the tracking page is empty")
            check.screenshot("public-reply-phone.png")
    finally:
        driver.set_window_size(1280, 900)


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
agency: Uji Peramban
sops: [{root}/sops/serdang-bedagai-pengaduan.yaml, {root}/sops/{LICENSING}.yaml]
database: cases.db
public: {{sop: serdang-bedagai-pengaduan}}
officers: officers.yaml
""")
        humas = add_officer(sop, config, "humas-1", "Siti Humas", ["pranata-humas"])
        serdang_officers = {
            "humas-1": humas,
            "humas-2": add_officer(sop, config, "humas-2", "Rina Humas", ["pranata-humas"]),
            "fungsional": add_officer(sop, config, "fungsional", "Gita Fungsional", ["fungsional-muda"]),
        }
        tokens = {
            "loket": add_officer(sop, config, "loket", "Ani Loket", ["pengadministrasi-perizinan", "pemohon"]),
            "teknis": add_officer(sop, config, "teknis", "Budi Teknis", ["tim-teknis"]),
            "kabid": add_officer(sop, config, "kabid", "Citra Kabid", ["kepala-bidang-perizinan"]),
            "kadis": add_officer(sop, config, "kadis", "Dedi Kadis", ["kepala-dinas"]),
            "data": add_officer(sop, config, "data", "Eka Data", ["pengelola-data"]),
        }
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # The server logs a line per request: a pipe nobody reads would fill and stall it.
        server_log = tempfile.TemporaryFile()
        server = start_server(sop, config, port, server_log)
        driver = None
        try:
            request = urllib.request.Request(base + "/public/complaints", method="POST",
                                             data=json.dumps({"complaint": COMPLAINT}).encode(),
                                             headers={"Content-Type": "application/json"})
            code = json.load(urllib.request.urlopen(request))["trackingCode"]
            case = "IMB-E2E-1"
            berkas = base64.b64encode(b"Berkas permohonan IMB").decode()
            request = urllib.request.Request(base + "/api/cases", method="POST",
                                             data=json.dumps({"sop": LICENSING, "caseID": case, "documents": [
                                                 {"document": "berkas-imb", "name": "berkas.pdf", "content": berkas}]}).encode(),
                                             headers={"Content-Type": "application/json", "Authorization": f"Bearer {tokens['loket']}"})
            urllib.request.urlopen(request)

            options = Options()
            for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
                options.add_argument(arg)
            options.binary_location = "/usr/bin/chromium"
            driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
            check = Check(driver, base, artifacts, tmp)
            serdang(check, code, humas)
            walk_code = walk_in(check, humas)
            if walk_code:
                assignment(check, sop, config, walk_code, {**serdang_officers, "kadis": tokens["kadis"]})
            public_pages(check, walk_code)
            licensing(check, case, tokens)
            request = urllib.request.Request(f"{base}/api/cases/{case}", headers={"Authorization": f"Bearer {tokens['kabid']}"})
            final = json.load(urllib.request.urlopen(request))
            print(f"  API: status {final['status']}, agency {final.get('agencyOfficeMinutes')} min, applicant {final.get('applicantOfficeMinutes')} min")
            check.expect(final["status"] == "closed", "the API does not show the permit case closed")
            failures = check.failures
        finally:
            if driver:
                driver.quit()
            stop_server(server)
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)
    print("web page browser check passed")


if __name__ == "__main__":
    main()
