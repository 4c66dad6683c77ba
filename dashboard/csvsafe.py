"""CSV cells a spreadsheet will not run: the one rule every CSV the site writes goes through.

A cell beginning with =, +, -, @, a tab or a carriage return is a formula to Excel, LibreOffice
and Google Sheets: an authority renamed `=HYPERLINK("http://…"&A1,"Click")` would become a live
link (or worse) in every download. OWASP's rule (https://owasp.org/www-community/attacks/CSV_Injection):
prefix such a cell with a single quote, which spreadsheets read as "this is text". A plain number
(-1.5, +3) is left as it is, so figures stay figures; ISO dates and grades never match the rule.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def spreadsheet_safe(cell):
    """The cell as a CSV writer should write it: text that a spreadsheet would take for a
    formula gets a leading '; anything else (numbers, dates, None, other text) is unchanged."""
    if (
        isinstance(cell, str)
        and cell.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(cell)
    ):
        return "'" + cell
    return cell
