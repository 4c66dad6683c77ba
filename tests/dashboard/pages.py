"""Reading a page's HTML in the dashboard's tests."""

import json
from html.parser import HTMLParser


class PageParser(HTMLParser):
    """Collects json_script payloads, table rows of the results table and captions."""

    def __init__(self):
        super().__init__()
        self.scripts, self.rows, self.captions, self._in = {}, [], [], None
        self.first_cells, self._cell = [], None
        self._script_id, self._text = None, []
        self.has_html = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.has_html = True
        if tag == "script" and attrs.get("type") == "application/json":
            self._script_id, self._text = attrs["id"], []
        if tag in ("tr", "caption"):
            self._in, self._text = tag, []
        if tag in ("th", "td") and self._in == "tr" and self._cell is None:
            self._cell = len(self._text)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_id:
            self.scripts[self._script_id] = json.loads("".join(self._text))
            self._script_id = None
        if tag in ("th", "td") and self._cell is not None and self._in == "tr":
            if self._cell >= 0:
                self.first_cells.append(" ".join(" ".join(self._text[self._cell :]).split()))
            self._cell = -1
        if tag == "tr" and self._in == "tr":
            self.rows.append(" ".join(" ".join(self._text).split()))
            self._in, self._cell = None, None
        if tag == "caption" and self._in == "caption":
            self.captions.append(" ".join(" ".join(self._text).split()))
            self._in = None

    def handle_data(self, data):
        if self._script_id or self._in:
            self._text.append(data)


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser
