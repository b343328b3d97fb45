#!/usr/bin/env python3
"""Opens sop-engine's SVG charts and SOP-AP documents in a real browser (headless Chromium
from Debian's packages).

Each chart (timeline Gantt, agency comparison, case report) must parse as SVG in Chromium: the
DOM it dumps has the chart's elements and no XML error page. The Gantt chart is also rendered
to a PNG screenshot, which must be of the expected size and not blank.

The SOP-AP document of each seed (`sop render`) must load with its flowchart symbols, give a
non-blank A4-landscape screenshot, and print to a PDF of at least two pages (the identity page
and the flowchart). Screenshots and PDFs go to ARTIFACT_DIR (default .artifacts/, ignored by git).

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
    expected = {"serdang-bedagai-pengaduan": (2, 3, 2, 4), "lamandau-pengaduan": (2, 6, 0, 0),
                "batu-bara-pengaduan": (2, 4, 2, 4),
                # The parallel licensing SOP: start and end, seven processes, two decisions, two
                # loops back (the corrected plans to the field check, a rejected verification to the print).
                "dpmptsp-imb-jatim": (2, 7, 2, 4)}
    for name, (terminators, rects, diamonds, connectors) in expected.items():
        html = os.path.join(artifacts, name + ".html")
        subprocess.run([sop, "render", f"sops/{name}.yaml", "-o", html], check=True)
        dom = browser("--dump-dom", "file://" + html)
        counts = [len(re.findall(f'class="{c}"', dom)) for c in ("terminator", "process", "decision", "connector")]
        meeting = len(re.findall('class="meeting"', dom))
        got = (counts[0], counts[1] + meeting, counts[2], counts[3])
        print(f"{name}.html: Chromium loaded it; terminators/processes/decisions/connectors {got}")
        if got != (terminators, rects, diamonds, connectors) or "NOMOR SOP" not in dom:
            failures.append(f"{name}.html: expected {(terminators, rects, diamonds, connectors)} symbols and the identity page, got {got}")
        png = os.path.join(artifacts, name + ".png")
        browser("--screenshot=" + png, "--window-size=1123,1588", "file://" + html)
        image = Image.open(png).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 20) or []
        dark = sum(n for n, c in colours if sum(c) < 384) / (image.width * image.height)
        print(f"  {name}.png: {image.width}x{image.height}, {dark:.1%} dark pixels")
        if image.size != (1123, 1588) or dark < 0.01:
            failures.append(f"{name}.png is blank or of the wrong size")
        pdf = os.path.join(artifacts, name + ".pdf")
        browser("--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + html)
        data = open(pdf, "rb").read()
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        landscape = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
        size = (float(landscape.group(1)), float(landscape.group(2))) if landscape else (0, 0)
        print(f"  {name}.pdf: {len(data)} bytes, {pages} pages, page {size[0]:.0f}x{size[1]:.0f} pt")
        if pages < 2 or not (size[0] > size[1] > 500):
            failures.append(f"{name}.pdf: expected 2+ A4 landscape pages, got {pages} of {size}")
    return failures


if __name__ == "__main__":
    main()
