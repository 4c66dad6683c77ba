"""The pages load plotly.js's basic bundle: the version plotly's Python package draws for, and
every trace type the charts use."""

import json
import re
from pathlib import Path

import plotly
import pytest
from django.conf import settings

from tests.admin_helpers import parse
from tests.site_data import demo_loaded

VENDORED = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly-basic.min.js"
FULL = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
#: What the basic bundle registers (plotly.js's lib/index-basic.js).
BASIC_TRACE_TYPES = {"scatter", "bar", "pie"}


def version(path: Path) -> str:
    header = path.read_text(encoding="utf-8", errors="replace")[:300]
    return re.search(r"plotly\.js (?:\(basic - minified\) )?v(\d+\.\d+\.\d+)", header).group(1)


def test_the_basic_bundle_is_the_plotly_js_version_of_the_python_package():
    assert version(VENDORED) == version(FULL)


@pytest.mark.django_db
def test_every_chart_uses_only_trace_types_of_the_basic_bundle(client):
    demo_loaded()
    urls = ["/", "/authorities/buckinghamshire/", "/compare/?a=buckinghamshire&a=sandwell"]
    used = set()
    for url in urls:
        response = client.get(url)
        page = parse(response)
        assert any(
            s.attrs.get("src", "").endswith("vendor/plotly-basic.min.js")
            for s in page.find_all("script")
        )
        for script in page.find_all("script", type="application/json"):
            figure = json.loads(script.text())
            if isinstance(figure, dict) and "data" in figure:
                used |= {trace.get("type", "scatter") for trace in figure["data"]}
    assert used and used <= BASIC_TRACE_TYPES
