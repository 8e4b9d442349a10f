"""report.html in a real browser: headless Chromium clicks a heatmap cell and reads its quotes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from test_synth_matrices import build_corpus, make_codebook

from miner.report import write_report
from miner.synth import Synthesis

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
INJECTION = '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned=2">'

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip(f"needs {CHROMIUM} and {CHROMEDRIVER} (Debian chromium, chromium-driver; sh scripts/install-browser.sh)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="miner-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                "--window-size=1400,1000"):
        opts.add_argument(arg)
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = build_corpus(tmp_path_factory.mktemp("run"))
    df = pd.read_csv(folder / "codings.csv", dtype=str, keep_default_na=False)
    df.loc[df["passage_id"] == "d2:00000", "text"] = "De ouderavond hielp. " + INJECTION
    df.to_csv(folder / "codings.csv", index=False)
    return write_report(Synthesis.load(folder, make_codebook()), folder)


def _open(driver, path: Path):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(path.as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "1")


def _cell(driver, row: int, theme: str):
    return driver.find_element("css selector", f'#heatmap td[data-row="{row}"][data-theme="{theme}"]')


def _quotes(driver) -> list[str]:
    return [e.find_element("class name", "text").text for e in driver.find_elements("css selector", "#quotes .quote")]


def _choose(driver, select_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", select_id)).select_by_value(value)


def test_click_cell_shows_its_quotes(driver, report):
    _open(driver, report)
    cell = _cell(driver, 0, "labour_market")        # d1 x labour market, all types
    assert cell.text == "3"
    cell.click()
    box = driver.find_element("id", "quotes")
    assert box.get_attribute("data-codings") == "3" and box.get_attribute("data-passages") == "2"
    assert _quotes(driver) == [
        "\u201cEr zijn te weinig stageplekken en ouders haken af.\u201d",
        "\u201cWerkgevers zijn lastig te bereiken.\u201d",
    ]
    meta = driver.find_elements("css selector", "#quotes .quote .meta")[0].text
    assert "Eindrapport een" in meta and "p. 1" in meta and "Hoofdstuk 1 > Knelpunten" in meta


def test_type_filter_changes_cells_and_quotes(driver, report):
    _open(driver, report)
    _cell(driver, 0, "labour_market").click()
    _choose(driver, "type-filter", "barrier")
    assert _cell(driver, 0, "labour_market").text == "2"
    assert driver.find_element("id", "quotes").get_attribute("data-codings") == "2"
    _choose(driver, "type-filter", "recommendation")
    assert _cell(driver, 0, "labour_market").text == "1"
    assert _quotes(driver) == ["\u201cWerkgevers zijn lastig te bereiken.\u201d"]
    _choose(driver, "type-filter", "success")
    assert _cell(driver, 0, "labour_market").text == "0"
    assert driver.find_element("id", "quotes").get_attribute("data-codings") == "0"


def test_transcript_cell_shows_timestamp_and_speaker(driver, report):
    _open(driver, report)
    _choose(driver, "type-filter", "all")
    _cell(driver, 2, "parents").click()             # d3, the interview
    metas = [e.text for e in driver.find_elements("css selector", "#quotes .quote .meta")]
    assert len(metas) == 3
    assert "00:00:10" in metas[0] and "R1" in metas[0]


def test_grouped_rows_and_share_values(driver, report):
    _open(driver, report)
    _choose(driver, "rows-filter", "year")
    labels = [e.text for e in driver.find_elements("css selector", "#heatmap tbody th.row")]
    assert labels == ["2019", "2021", "2022", "Total"]
    cell = _cell(driver, 1, "parents")
    assert cell.text == "4"
    cell.click()
    assert driver.find_element("id", "quotes").get_attribute("data-codings") == "4"
    _choose(driver, "value-filter", "share")
    assert _cell(driver, 1, "parents").text == "66.7%"


def test_quotes_from_documents_cannot_inject_markup(driver, report):
    _open(driver, report)
    _cell(driver, 1, "parents").click()             # d2 x parents holds the hostile passage
    assert any(INJECTION in q for q in _quotes(driver))
    assert driver.execute_script("return window.pwned === undefined")
    assert driver.find_elements("css selector", "#quotes img, #quotes b, #quotes script") == []
    # The same text in the static framework matrix is shown as text too.
    assert INJECTION in driver.find_element("id", "framework").text


def test_cells_work_from_the_keyboard(driver, report):
    from selenium.webdriver.common.keys import Keys

    _open(driver, report)
    _cell(driver, 0, "parents").send_keys(Keys.ENTER)
    assert driver.find_element("id", "quotes").get_attribute("data-codings") == "2"
    assert _cell(driver, 3, "parents").get_attribute("tabindex") is None  # an empty cell is not a stop
