"""Bad copies of the real ODS spreadsheets, for the tests of what an import rejects.

No ODS writer is installed (odfpy would be one), so a copy is made by editing the real file's
content.xml (an ODS is a zip): one cell's text, a sheet's name, a row put in. Only the named
sheet's XML is edited, so a change lands exactly where the test says.
"""

from __future__ import annotations

import zipfile
from pathlib import Path


def _sheet_span(content: str, sheet: str) -> tuple[int, int]:
    start = content.index(f'<table:table table:name="{sheet}"')
    return start, content.index("</table:table>", start)


def edited_copy(
    source: Path,
    target: Path,
    *,
    sheet: str,
    old: str,
    new: str,
    after: str | None = None,
) -> Path:
    """A copy of `source` at `target` with the first `old` of the sheet's XML (after `after`,
    if given) replaced by `new`. `old` must be there: a test never edits nothing."""

    def edit(content: str) -> str:
        start, end = _sheet_span(content, sheet)
        at = content.index(after, start) if after else start
        found = content.index(old, at)
        assert found < end, f"'{old}' is not in sheet {sheet}"
        return content[:found] + new + content[found + len(old) :]

    return _rewritten(source, target, edit)


def renamed_sheet_copy(source: Path, target: Path, *, sheet: str, name: str) -> Path:
    def edit(content: str) -> str:
        old = f'<table:table table:name="{sheet}"'
        assert old in content
        return content.replace(old, f'<table:table table:name="{name}"', 1)

    return _rewritten(source, target, edit)


def row_added_copy(source: Path, target: Path, *, sheet: str, text: str) -> Path:
    """A copy with a row of one text cell put in at the top of the sheet (a title row more)."""

    def edit(content: str) -> str:
        start, _ = _sheet_span(content, sheet)
        first_row = content.index("<table:table-row", start)
        row = (
            '<table:table-row><table:table-cell office:value-type="string">'
            f"<text:p>{text}</text:p></table:table-cell></table:table-row>"
        )
        return content[:first_row] + row + content[first_row:]

    return _rewritten(source, target, edit)


def _rewritten(source: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "content.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            # The mimetype stays first and stored, as ODS requires.
            stored = info.filename == "mimetype"
            copy.writestr(
                info,
                data,
                compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
                compresslevel=None if stored else 1,
            )
    return target
