"""The reproduce report in a real browser: headless Chromium loads report.html, every image
decodes, the console stays free of errors, the page fits a laptop screen and prints.

Needs Debian's ``chromium`` and ``chromedriver`` (``.ci/run`` installs them) and selenium; skips
cleanly without them. Shares the small reproduce run of tests/test_report.py (``small_report``).
"""

from __future__ import annotations

import base64
import shutil

import pytest

pytestmark = pytest.mark.browser

CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run")


def _binary(*names: str) -> str | None:
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    chrome = _binary("chromium", "chromium-browser", "google-chrome")
    driver_bin = _binary("chromedriver")
    if chrome is None or driver_bin is None:
        pytest.skip("headless Chromium or chromedriver not installed (apt-get install chromium "
                    "chromium-driver)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for flag in CHROME_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.add_argument("--window-size=1366,900")  # a common laptop screen
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        drv = webdriver.Chrome(service=Service(driver_bin), options=opts)
    except Exception as exc:  # noqa: BLE001 - a broken browser install is an environment issue
        pytest.skip(f"could not start headless Chromium: {exc}")
    drv.set_page_load_timeout(300)  # printing a page of inline SVG is slow on a busy machine
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def page(browser, small_report):
    assert small_report.exit_code == 0, (small_report.stderr, small_report.exception)
    html = small_report.out / "report.html"
    browser.get(html.resolve().as_uri())
    browser.execute_script("return document.readyState")
    return browser


def test_every_figure_renders_with_hover_titles(page, small_report):
    """Each figure is an inline SVG with a size on screen; points carry <title> tooltips."""
    figs = page.execute_script(
        "return Array.from(document.querySelectorAll('figure svg.fig')).map(s => {"
        "const r = s.getBoundingClientRect(); return {w: r.width, h: r.height, "
        "titles: s.querySelectorAll('title').length}})")
    n_png = len(list((small_report.out / "figures").glob("*.png")))
    assert len(figs) == n_png > 10
    assert all(f["w"] > 200 and f["h"] > 100 for f in figs)
    assert sum(f["titles"] for f in figs) > 1000
    tip = page.execute_script(
        "const t = document.querySelector('#figure2 figure:nth-of-type(2) svg.fig g > title'); "
        "return t ? t.textContent : null")
    assert tip and "error" in tip and "(20" in tip


def test_console_has_no_errors(page):
    logs = page.get_log("browser")
    severe = [e for e in logs if e.get("level") == "SEVERE"]
    assert severe == [], severe


def test_page_fits_a_laptop_screen(page):
    """No horizontal scrolling at 1366 px: wide tables scroll inside their own box."""
    scroll_w, inner_w = page.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_w <= inner_w
    sections = page.execute_script(
        "return Array.from(document.querySelectorAll('section h2')).map(h => h.textContent)")
    assert "How well do these projections hold up?" in sections and len(sections) >= 9


def test_page_prints(page):
    pdf = base64.b64decode(page.print_page())
    assert pdf[:5] == b"%PDF-" and len(pdf) > 100_000


A4_PRINTABLE_PX = 703  # 210 mm - 2 x 12 mm margins, at 96 CSS px per inch


def test_print_media_keeps_every_table_whole(page):
    """With print styles on and an A4 page width, no table is wider than the page or scrolls
    inside its box (a clipped table or a printed scrollbar). (test_page_prints prints the PDF.)"""
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": A4_PRINTABLE_PX, "height": 1000, "deviceScaleFactor": 1,
                          "mobile": False})
    try:
        res = page.execute_script(
            "const W = document.documentElement.clientWidth; const out = [];"
            "document.querySelectorAll('table').forEach((t, i) => {"
            "  const r = t.getBoundingClientRect(); const w = t.closest('.tablewrap');"
            "  out.push({i: i, right: r.right, left: r.left, W: W,"
            "    scroll: w ? w.scrollWidth - w.clientWidth : 0,"
            "    overflow: w ? getComputedStyle(w).overflowX : 'visible',"
            "    head: t.rows[0] ? t.rows[0].textContent.slice(0, 60) : ''});"
            "}); return out;")
        assert len(res) > 15
        clipped = [r for r in res if r["right"] > r["W"] + 1 or r["left"] < -1 or r["scroll"] > 1]
        assert clipped == [], clipped[:3]
        assert {r["overflow"] for r in res} == {"visible"}   # no scrollbar to print
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
