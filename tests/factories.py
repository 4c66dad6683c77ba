"""Small builders for tests: valid objects with only what a test cares about spelled out."""

import datetime as dt
import itertools

from authorities.models import Authority, Region
from inspections.models import Inspection, Judgement
from inspections.rules import Framework, InspectionType

_numbers = itertools.count(1)


def make_authority(**fields) -> Authority:
    n = next(_numbers)
    values = {
        "name": f"Testshire {n}",
        "slug": f"testshire-{n}",
        "ofsted_urn": 990000 + n,
        "region": Region.SOUTH_EAST,
    }
    values.update(fields)
    authority = Authority(**values)
    authority.full_clean()
    authority.save()
    return authority


def make_inspection(authority=None, *, grades: dict | None = None, **fields) -> Inspection:
    values = {
        "framework": Framework.ILACS,
        "inspection_type": InspectionType.STANDARD,
        "started_on": dt.date(2023, 3, 6),
        "ended_on": dt.date(2023, 3, 17),
        "published_on": dt.date(2023, 5, 2),
    }
    values.update(fields)
    inspection = Inspection(authority=authority or make_authority(), **values)
    inspection.full_clean()
    inspection.save()
    for area, grade in (grades or {}).items():
        judgement = Judgement(inspection=inspection, area=area, grade=grade)
        judgement.full_clean()
        judgement.save()
    return inspection
