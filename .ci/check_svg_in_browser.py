#!/usr/bin/env python3
"""Opens sop-engine's SVG charts and SOP-AP documents in a real browser (headless Chromium
from Debian's packages).

Each chart (timeline Gantt, agency comparison, case report) must parse as SVG in Chromium: the
DOM it dumps has the chart's elements and no XML error page. The Gantt chart is also rendered
to a PNG screenshot, which must be of the expected size and not blank.

The SOP-AP document of each seed (`sop render`) must load with its flowchart symbols, give a
non-blank A4-landscape screenshot, draw no circle connectors, and print with `sop render
--format pdf` to one A4-landscape page per section (pdfinfo), each with its own "Halaman k dari
N" footer and the flowchart's header rows, nothing of the browser's header or footer
(pdftotext), and no blank page (pdftoppm). Screenshots and PDFs go to ARTIFACT_DIR (default .artifacts/, ignored by git).

Usage: check_svg_in_browser.py SOP_BINARY [ARTIFACT_DIR]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from PIL import Image


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    sys.exit("FAIL: no headless Chromium found (apt-get install chromium)")


def browser(*args):
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120).stdout


def main():
    sop = sys.argv[1]
    artifacts = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".artifacts")
    os.makedirs(artifacts, exist_ok=True)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "sim.db")
        subprocess.run([sop, "simulate", "sops/serdang-bedagai-pengaduan.yaml", "sops/lamandau-pengaduan.yaml",
                        "--cases", "40", "--seed", "3", "--db", db], check=True, stdout=subprocess.DEVNULL)
        charts = {
            "timeline": ([sop, "timeline", "sops/serdang-bedagai-pengaduan.yaml", "--start", "2026-03-02T09:00"], 'class="step ', 7),
            # The parallel licensing SOP: ten steps of the forward flow, two branches side by side.
            "timeline-imb": ([sop, "timeline", "sops/dpmptsp-imb-jatim.yaml", "--start", "2026-03-02T09:00"], 'class="step ', 10),
            "compare": ([sop, "compare", "sops/serdang-bedagai-pengaduan.yaml", "sops/lamandau-pengaduan.yaml"], 'class="segment"', 12),
            "report": ([sop, "report", "--db", db, "--now", "2026-06-01T12:00"], 'class="median"', 15),
        }
        for name, (cmd, marker, expected) in charts.items():
            path = os.path.join(artifacts, name + ".svg")
            subprocess.run(cmd + ["--format", "svg", "-o", path], check=True)
            dom = browser("--dump-dom", "file://" + path)
            count = len(re.findall(marker, dom))
            ok = "<svg" in dom and "error on line" not in dom and count == expected
            print(f"{name}: Chromium parsed the SVG, {count} of {expected} {marker} elements" if ok
                  else f"{name}: unexpected DOM ({count} {marker}, expected {expected})")
            if not ok:
                failures.append(f"{name}.svg did not load as expected in Chromium")
            if name == "timeline-imb":
                # The field check and the fee start together, on rows of their own.
                bars = {m.group(3): (m.group(1), m.group(2)) for m in re.finditer(
                    r'<rect x="(\d+)" y="(\d+)"[^>]*class="step [^"]*" data-step="([^"]+)"', dom)}
                field, fee = bars.get("peninjauan-lokasi"), bars.get("hitung-retribusi")
                side = field and fee and field[0] == fee[0] and field[1] != fee[1]
                print(f"  timeline-imb: the field check and the fee side by side: {bool(side)}")
                if not side:
                    failures.append("timeline-imb.svg: the parallel branches are not drawn side by side")
        browser("--screenshot=" + os.path.join(artifacts, "timeline-imb.png"), "--window-size=1280,900",
                "file://" + os.path.join(artifacts, "timeline-imb.svg"))
        png = os.path.join(artifacts, "timeline.png")
        browser("--screenshot=" + png, "--window-size=1280,900", "file://" + os.path.join(artifacts, "timeline.svg"))
        image = Image.open(png).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 20) or []
        non_white = sum(n for n, c in colours if c != (255, 255, 255)) / (image.width * image.height)
        print(f"timeline.png: {image.width}x{image.height}, {len(colours)} colours, {non_white:.1%} not white")
        if image.size != (1280, 900) or len(colours) < 8 or non_white < 0.02:
            failures.append("the timeline screenshot is blank or of the wrong size")
        failures += check_documents(sop, artifacts)
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        sys.exit(1)
    print("browser cross-check passed")


def check_documents(sop, artifacts):
    failures = []
    # Symbols of the whole document: terminators, processes (meetings among them), decisions.
    expected = {"serdang-bedagai-pengaduan": (2, 3, 2), "lamandau-pengaduan": (2, 6, 0),
                "batu-bara-pengaduan": (2, 4, 2),
                # The parallel licensing SOP: start and end, seven processes, two decisions.
                "dpmptsp-imb-jatim": (2, 7, 2)}
    for name, symbols in expected.items():
        html = os.path.join(artifacts, name + ".html")
        subprocess.run([sop, "render", f"sops/{name}.yaml", "-o", html], check=True)
        dom = browser("--dump-dom", "file://" + html)
        counts = [len(re.findall(f'class="{c}"', dom)) for c in ("terminator", "process", "decision")]
        meeting = len(re.findall('class="meeting"', dom))
        got = (counts[0], counts[1] + meeting, counts[2])
        sections = len(re.findall(r'<section class="page', dom))
        print(f"{name}.html: Chromium loaded it; terminators/processes/decisions {got}; {sections} page sections")
        if got != symbols or "NOMOR SOP" not in dom:
            failures.append(f"{name}.html: expected {symbols} symbols and the identity page, got {got}")
        # Permenpan RB 35/2012 allows five symbols: no on-page circle connectors.
        if "<circle" in dom:
            failures.append(f"{name}.html: draws circle connectors")
        png = os.path.join(artifacts, name + ".png")
        browser("--screenshot=" + png, "--window-size=1123,1588", "file://" + html)
        if blank(png, (1123, 1588)):
            failures.append(f"{name}.png is blank or of the wrong size")
        failures += check_pdf(sop, name, artifacts, sections)
    return failures


def blank(png, size=None):
    image = Image.open(png).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 22) or []
    dark = sum(n for n, c in colours if sum(c) < 384) / (image.width * image.height)
    print(f"  {os.path.basename(png)}: {image.width}x{image.height}, {dark:.1%} dark pixels")
    return (size is not None and image.size != size) or dark < 0.01


def check_pdf(sop, name, artifacts, sections):
    """`sop render --format pdf`: A4 landscape, one page per section of the document (a section
    that did not fit its page, a row split across two, would add a page), the header rows on
    every flowchart page, "Halaman k dari N" in the document's own footer, nothing of the
    browser's header or footer, and every page, turned into an image by pdftoppm, not blank."""
    failures = []
    pdf = os.path.join(artifacts, name + ".pdf")
    subprocess.run([sop, "render", f"sops/{name}.yaml", "--format", "pdf", "-o", pdf], check=True)
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    width, height = float(size.group(1)), float(size.group(2))
    print(f"  {name}.pdf: {pages} pages of {width:.0f}x{height:.0f} pt for {sections} sections")
    if pages != sections or sections < 2:
        failures.append(f"{name}.pdf: {pages} pages for {sections} sections (a section overflowed its page)")
    if not (abs(width - 842) < 2 and abs(height - 595) < 2):
        failures.append(f"{name}.pdf: pages of {width}x{height} pt, not A4 landscape")
    for k in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(k), "-l", str(k), pdf, "-"],
                              check=True, capture_output=True, text=True).stdout
        if f"Halaman {k} dari {pages}" not in text:
            failures.append(f"{name}.pdf page {k}: no 'Halaman {k} dari {pages}' footer")
        if "file://" in text or re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", text):
            failures.append(f"{name}.pdf page {k}: the browser's header or footer is printed")
        if k > 1 and not ("PELAKSANA" in text and "MUTU BAKU" in text):
            failures.append(f"{name}.pdf page {k}: the flowchart's header rows are missing")
    prefix = os.path.join(artifacts, name + "-page")
    subprocess.run(["pdftoppm", "-r", "40", "-png", pdf, prefix], check=True)
    images = sorted(f for f in os.listdir(artifacts) if f.startswith(name + "-page") and f.endswith(".png"))
    if len(images) != pages or any(blank(os.path.join(artifacts, f)) for f in images):
        failures.append(f"{name}.pdf: pdftoppm gave {len(images)} images for {pages} pages, or a blank one")
    return failures


if __name__ == "__main__":
    main()
