"""The complete record in a real browser, as a first `bin/serve` shows it: each of these authority
pages lists an inspection published 2009–2012 with its grades (from Ofsted's official
statistics: the archive holds no report of those years), at a desktop's and a phone's width."""

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

#: Each authority and the inspection of 2009–2012 the statistics give it (checked by hand in
#: LA_inspections_2009-2023): its caption's words and its overall grade as the page words it.
EARLY = {
    "buckinghamshire": "Safeguarding and looked after children",
    "sandwell": "Safeguarding and looked after children",
    "norfolk": "Safeguarding and looked after children",
    "northamptonshire": "Safeguarding and looked after children",
    "trafford": "Safeguarding and looked after children",
}

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("slug", sorted(EARLY))
def test_an_inspection_of_2009_to_2012_with_its_grades(
    live_server, page, national_committed, slug, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/authorities/{slug}/")
    early = page.locator("table[id^=inspection-]").filter(
        has=page.locator("caption", has_text=re.compile(r"Published \d+ \w+ (2009|2010|2011|2012)"))
    )
    assert early.count() >= 1, slug
    # Each early inspection's judgements as the page lists them (label → grade in words).
    tables = [
        (t, {row.locator("th").inner_text(): row.locator("td").inner_text()
             for row in t.locator("tr").all()})
        for t in early.all()
    ]  # fmt: skip
    graded = [
        (t, cells) for t, cells in tables
        if re.match(r"(Outstanding|Good|Adequate|Inadequate)\b", cells["Overall effectiveness"])
        and EARLY[slug] in t.locator("caption").inner_text()
    ]  # fmt: skip
    assert graded, (slug, [cells for _, cells in tables])
    table, cells = graded[0]
    # SLAC's two overall judgements, each graded, beside the lower as the overall grade.
    two = [v for k, v in cells.items() if k.startswith("Overall effectiveness of ")]
    assert len(two) == 2, cells
    assert all(re.match(r"(Outstanding|Good|Adequate|Inadequate)$", v) for v in two), cells
    assert "Ofsted's official statistics" in cells["Sources"], cells
    table.scroll_into_view_if_needed()
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{slug}-{width}.png")
    assert page.errors == []
