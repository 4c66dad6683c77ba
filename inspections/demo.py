"""Demo data: Buckinghamshire and Sandwell, written from the seed documents and the real reports.

Every value here was read from a report in ../shared/data/ofsted/reports/ or a seed document in
../shared/seeds/ (named in `source`). Where a source prints no date, none is invented: the visit
or intervention carries a note instead. ILACS reports print no publication date; theirs come from
the report's file name (Ofsted's publication date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .rules import OVERALL as O
from .rules import Area, Framework, Grade, InspectionType

D = dt.date
I, RI, G, A = Grade.INADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.ADEQUATE
HP, CIC, CL = Area.HELP_AND_PROTECTION, Area.CHILDREN_IN_CARE, Area.CARE_LEAVERS
AD, LEAD, LSCB, CAP = Area.ADOPTION, Area.LEADERSHIP, Area.LSCB, Area.CAPACITY_TO_IMPROVE

BUCKS, SANDWELL = 80442, 80549

#: Register values for the two authorities, so the demo runs without the register; an import of
#: the register later matches them by Ofsted URN and changes nothing.
AUTHORITIES = [
    dict(
        name="Buckinghamshire",
        slug="buckinghamshire",
        dfe_code="825",
        ons_code="E06000060",
        ofsted_urn=BUCKS,
        region="SE",
        authority_type="unitary",
        population_0_25=166277,
    ),
    dict(
        name="Sandwell",
        slug="sandwell",
        dfe_code="333",
        ons_code="E08000028",
        ofsted_urn=SANDWELL,
        region="WM",
        authority_type="metropolitan_district",
        population_0_25=117653,
    ),
]


@dataclass(frozen=True)
class DemoInspection:
    urn: int
    published_on: dt.date
    framework: Framework
    inspection_type: InspectionType
    started_on: dt.date
    ended_on: dt.date
    lead_inspector: str
    grades: dict
    source: str


INSPECTIONS = [
    DemoInspection(
        BUCKS,
        D(2014, 8, 8),
        Framework.SIF,
        InspectionType.STANDARD,
        D(2014, 6, 3),
        D(2014, 6, 25),
        "Brenda McLaughlin",
        {O: I, HP: I, CIC: I, AD: RI, CL: RI, LEAD: I, LSCB: I},
        "80442_buckinghamshire__08-august-2014.pdf",
    ),
    DemoInspection(
        BUCKS,
        D(2018, 1, 29),
        Framework.SIF,
        InspectionType.REINSPECTION,
        D(2017, 11, 6),
        D(2017, 11, 30),
        "Margaret Burke",
        {O: I, HP: I, CIC: I, AD: G, CL: RI, LEAD: I},  # a re-inspection: no LSCB review
        "80442_buckinghamshire__29-january-2018.pdf; seeds/001",
    ),
    DemoInspection(
        BUCKS,
        D(2022, 2, 11),
        Framework.ILACS,
        InspectionType.STANDARD,
        D(2021, 12, 6),
        D(2021, 12, 17),
        "Nick Stacey",
        {O: RI, LEAD: RI, HP: RI, CIC: RI},  # children in care and care leavers, one judgement
        "80442_buckinghamshire__11-february-2022.pdf",
    ),
    DemoInspection(
        BUCKS,
        D(2025, 5, 14),
        Framework.ILACS,
        InspectionType.STANDARD,
        D(2025, 1, 27),
        D(2025, 2, 7),
        "Nick Bennison",
        {O: RI, LEAD: RI, HP: RI, CIC: G, CL: RI},
        "80442_buckinghamshire__14-may-2025.pdf",
    ),
    DemoInspection(
        SANDWELL,
        D(2013, 8, 2),
        Framework.PRE_SIF,
        InspectionType.STANDARD,
        D(2013, 6, 24),
        D(2013, 6, 28),
        "Christopher Sands",
        # An inspection of looked after children services; it also graded outcomes (adequate)
        # and quality of provision (inadequate), areas no later framework has.
        {O: I, CAP: A, LEAD: I},
        "80549_sandwell__02-august-2013.pdf",
    ),
    DemoInspection(
        SANDWELL,
        D(2015, 6, 5),
        Framework.SIF,
        InspectionType.STANDARD,
        D(2015, 1, 27),
        D(2015, 2, 19),
        "Mary Candlin",
        {O: I, HP: I, CIC: RI, AD: RI, CL: RI, LEAD: I, LSCB: I},
        "80549_sandwell__05-june-2015.pdf",
    ),
    DemoInspection(
        SANDWELL,
        D(2018, 1, 29),
        Framework.SIF,
        InspectionType.REINSPECTION,
        D(2017, 11, 6),
        D(2017, 11, 30),
        "Karen Wareing",
        {O: I, HP: I, CIC: I, AD: I, CL: RI, LEAD: I},
        "80549_sandwell__29-january-2018.pdf; seeds/002",
    ),
    DemoInspection(
        SANDWELL,
        D(2022, 7, 5),
        Framework.ILACS,
        InspectionType.STANDARD,
        D(2022, 5, 9),
        D(2022, 5, 20),
        "Alison Smale",
        {O: RI, LEAD: RI, HP: RI, CIC: RI},
        "80549_sandwell__05-july-2022.pdf",
    ),
    DemoInspection(
        SANDWELL,
        D(2025, 12, 2),
        Framework.ILACS,
        InspectionType.STANDARD,
        D(2025, 10, 13),
        D(2025, 10, 24),
        "Monique Lindsay",
        {O: G, LEAD: G, HP: G, CIC: G, CL: RI},
        "80549_sandwell__02-december-2025.pdf",
    ),
]


@dataclass(frozen=True)
class DemoMonitoringVisit:
    urn: int
    follows_published_on: dt.date
    sequence: int | None
    started_on: dt.date | None
    ended_on: dt.date | None
    dates_note: str
    theme: str
    findings: str
    source: str


MONITORING_VISITS = [
    DemoMonitoringVisit(
        BUCKS,
        D(2014, 8, 8),
        2,
        D(2016, 11, 30),
        D(2016, 12, 1),
        "",
        "All aspects of services that support and protect vulnerable children",
        "Steady progress in some areas, but the pace of improvement not meeting expectations. "
        "The public law outline not yet effective; drift and delay for some children under "
        "statutory intervention; management oversight not always effective; risk assessments "
        "for children looked after at risk of sexual exploitation inconsistent or absent; return "
        "home interviews not timely; 61 children waiting for life story work. Improved: health "
        "assessments, and social workers visiting children regularly.",
        "seeds/003 (the council's account of Ofsted's letter); dates from DOMAIN.md",
    ),
    DemoMonitoringVisit(
        BUCKS,
        D(2018, 1, 29),
        1,
        None,
        None,
        "Not printed in the source; after the re-inspection published 29 January 2018.",
        "Children in need",
        "Some early progress 'from a very low base' for children on child in need plans. "
        "Leaders understand the weaknesses and their plans are credible; caseloads too high, "
        "limiting direct work with families; most social work still too weak, with encouraging "
        "signs of early improvement; a comparatively stable, permanent workforce.",
        "seeds/004",
    ),
]


@dataclass(frozen=True)
class DemoIntervention:
    urn: int
    kind: str
    name: str
    started_on: dt.date
    dates_note: str
    follows_published_on: dt.date | None
    description: str
    source: str


INTERVENTIONS = [
    DemoIntervention(
        BUCKS,
        "commissioner",
        "DfE-appointed children's services commissioner",
        D(2018, 1, 29),
        "Announced when the re-inspection report was published (29 January 2018); the source "
        "gives no appointment date.",
        D(2018, 1, 29),
        "After a second inadequate rating in a row the Department for Education appointed a "
        "commissioner to work with Buckinghamshire and recommend how best to secure rapid and "
        "sustainable improvement: keep services in house, move them to a children's trust, or "
        "enlist another council as improvement partner.",
        "seeds/000",
    ),
    DemoIntervention(
        SANDWELL,
        "commissioner",
        "DfE-appointed children's services commissioner",
        D(2016, 10, 1),
        "Month only: 'appointed in October 2016'.",
        D(2015, 6, 5),
        "The commissioner found continued drift in the strategic direction and impact of "
        "children's services since the 2015 inspection; a new senior management team was "
        "appointed in March 2017.",
        "80549_sandwell__29-january-2018.pdf",
    ),
    DemoIntervention(
        SANDWELL,
        "trust",
        "Sandwell Children's Trust",
        D(2018, 4, 1),
        "Month only: 'Since April 2018'.",
        D(2015, 6, 5),
        "Children's services delivered by Sandwell Children's Trust on behalf of the council, "
        "on the government's decision after the 2015 inadequate inspection.",
        "80549_sandwell__05-july-2022.pdf; seeds/002",
    ),
]


@dataclass
class DemoSummary:
    authorities_created: int = 0
    inspections: dict = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})
    visits_created: int = 0
    interventions_created: int = 0
    warnings: list[str] = field(default_factory=list)
