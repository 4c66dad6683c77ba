"""The one writer of downloads: a table (dashboard.table.Table) as CSV or JSON, with provenance.

`/downloads/…csv` is plain CSV (one header row of snake_case names, then the rows) so that any
spreadsheet or CSV reader takes it as it is; its provenance travels in HTTP headers
(`X-Data-Source`, `X-Data-Licence`, `X-Data-Last-Changed`, `Last-Modified`) and in the JSON of the
same view, named by the CSV's `Link: <…json>; rel="describedby"` header. The JSON holds the same
rows under `rows`, with `title`, `source`, `licence`, `last_changed`, `view_url` and `columns`.
Both stream, row by row. A bad parameter is a 400 that says what is wrong.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone

from . import provenance
from .csvsafe import spreadsheet_safe
from .queries import QueryProblem
from .site import absolute
from .table import Table, file_value

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer output."""

    def write(self, line: str) -> str:
        return line


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(value)  # stored text never reaches a spreadsheet as a formula


def csv_lines(table: Table) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([_cell(key) for key in table.keys])
    for row in table.records():
        yield writer.writerow(
            [_cell(file_value(column, row.get(column.key))) for column in table.columns]
        )


def json_chunks(table: Table, meta: dict) -> Iterator[str]:
    head = json.dumps({**meta, "columns": list(table.keys)}, ensure_ascii=False)
    yield head[:-1] + ', "rows": ['
    for i, row in enumerate(table.records()):
        record = {c.key: file_value(c, row.get(c.key)) for c in table.columns}
        yield ("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def download(request: HttpRequest, table: Table, fmt: str, view_path: str) -> HttpResponse:
    changed = provenance.last_changed()
    query = request.GET.urlencode()
    json_url = absolute(request.path.removesuffix(".csv") + ".json", request)
    json_url += f"?{query}" if query else ""
    if fmt == "json":
        meta = {
            "title": table.title,
            "source": provenance.SOURCE,
            "licence": provenance.LICENCE,
            "last_changed": provenance.iso(changed),
            "view_url": absolute(view_path, request),
        }
        response = StreamingHttpResponse(json_chunks(table, meta), content_type=CONTENT_TYPES[fmt])
    else:
        response = StreamingHttpResponse(csv_lines(table), content_type=CONTENT_TYPES[fmt])
        response.headers["Link"] = f'<{json_url}>; rel="describedby"; type="application/json"'
    stamp = f"-{timezone.localtime(changed):%Y-%m-%d}" if changed else ""
    disposition = "attachment" if fmt == "csv" else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{table.name}{stamp}.{fmt}"'
    for name, value in provenance.headers(changed).items():
        response.headers[name] = value
    return response


def bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def refusing_bad_queries(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A download view reads its query strictly: a QueryProblem is a 400 that says why."""

    @functools.wraps(view)
    def answered(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except QueryProblem as problem:
            return bad_request(str(problem))

    return answered


def with_query(path: str, query: dict) -> str:
    return f"{path}?{urlencode(query, doseq=True)}" if query else path
