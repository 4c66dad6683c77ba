"""A crafted report PDF aimed at the admin (issue 12, finding 1), for the tests that upload it.

The attack: a PDF whose cover carries, where the authority's name is printed, a <script> that
loads the site's own htmx and an element that makes htmx post the admin's "add user" form with
the signed-in admin's CSRF token.
"""

from __future__ import annotations

import json

from django.urls import reverse

from tests.admin_helpers import parse
from tests.pdfs import text_pdf

READ_URL = reverse("admin:inspections_inspection_read_report")
ADD_URL = reverse("admin:inspections_inspection_add")
PASSWORD = "a-long-test-password"
INTRUDER = "mallory"
PAYLOAD = (
    "<script src=/static/django_htmx/htmx-2.min.js></script>"
    "<div hx-post=/admin/auth/user/add/ hx-trigger=load hx-include=[name^=csrf] hx-vals='"
    + json.dumps(
        {
            "username": INTRUDER,
            "usable_password": "true",
            "password1": "Zq8-intruder-pass-41",
            "password2": "Zq8-intruder-pass-41",
        }
    )
    + "'>x</div>"
)
DATES = "Inspection dates: 12 May 2014 to 4 June 2014"
SIF_TITLE = (
    "Inspection of services for children in need of help and protection, children looked "
    "after and care leavers"
)
# The formats that take text before (SIF, ILACS 2018–2020) or after (before SIF) the title.
CRAFTED_COVERS = {
    "sif": [PAYLOAD, SIF_TITLE, DATES, "Report published: 8 August 2014"],
    "ilacs_2018": [
        PAYLOAD,
        "Inspection of children's social care services",
        "Inspection dates: 9 July 2018 to 20 July 2018",
        "Lead inspector: Tara Geere",
    ],
    "pre_sif": [
        "Inspection of looked after children services",
        PAYLOAD,
        "Inspection dates: 8 July 2013 to 12 July 2013",
        "Reporting inspector " + PAYLOAD,
        "Published: 16 August 2013",
    ],
    "ilacs_inspector": [
        "Inspection of Sandwell children's services",
        "Inspection dates: 9 May 2022 to 20 May 2022",
        "Lead inspector: " + PAYLOAD,
    ],
}


def crafted_pdf(cover: list[str]) -> bytes:
    return text_pdf([cover, ["1", "Contents"]])


def markup_in(page_html: str) -> list[str]:
    """Live elements or attributes from the payload: scripts, and htmx attributes."""
    tree = parse(page_html)
    found = []
    for element in tree.iter():
        if element.tag == "script" and "htmx" in element.attrs.get("src", ""):
            found.append(f"<script src={element.attrs['src']}>")
        found += [name for name in element.attrs if name.startswith("hx-")]
    return found
