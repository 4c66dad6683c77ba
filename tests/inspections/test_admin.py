"""The admin as the people who enter data use it: real pages, real POSTs, parsed responses."""

import datetime as dt

import pytest
from django.urls import reverse

from authorities.models import Authority, Region, StatisticalNeighbour
from inspections.models import Inspection, Judgement, MonitoringVisit
from inspections.rules import Area, Framework, Grade, InspectionType
from tests.admin_helpers import admin_form, error_texts, inline_rows, parse, set_row, shows_error
from tests.factories import make_authority, make_inspection

D = dt.date
ADD_URL = reverse("admin:inspections_inspection_add")
ILACS_2023_AREAS = [
    Area.HELP_AND_PROTECTION,
    Area.CHILDREN_IN_CARE,
    Area.CARE_LEAVERS,
    Area.LEADERSHIP,
]
SIF_AREAS = [
    Area.HELP_AND_PROTECTION,
    Area.CHILDREN_IN_CARE,
    Area.CARE_LEAVERS,
    Area.ADOPTION,
    Area.LEADERSHIP,
    Area.LSCB,
]


def change_url(inspection: Inspection) -> str:
    return reverse("admin:inspections_inspection_change", args=[inspection.pk])


def filled_add_form(client, authority: Authority, grades: dict[str, str], **fields) -> dict:
    """The add page's form as rendered, filled in like an editor would."""
    response = client.get(ADD_URL)
    data = admin_form(response)
    data.update(
        authority=str(authority.pk),
        framework=Framework.ILACS,
        inspection_type=InspectionType.STANDARD,
        started_on="2023-03-06",
        ended_on="2023-03-17",
        published_on="2023-05-02",
        lead_inspector="Jane Smith",
        overall_effectiveness=Grade.GOOD,
    )
    data.update(fields)
    rows = inline_rows(response, "judgements")
    for area, grade in grades.items():
        set_row(data, "judgements", rows, area, grade=grade)
    return data


def counts() -> tuple[int, int, int]:
    return Inspection.objects.count(), Judgement.objects.count(), MonitoringVisit.objects.count()


def recorded_grades(inspection: Inspection) -> dict[str, str]:
    return dict(inspection.judgements.values_list("area", "grade"))


# --- Saving ---------------------------------------------------------------------------------


def test_adding_an_inspection_with_its_judgements_saves_exactly_the_graded_rows(admin_client):
    authority = make_authority()
    grades = {
        Area.LEADERSHIP: Grade.GOOD,
        Area.HELP_AND_PROTECTION: Grade.REQUIRES_IMPROVEMENT,
        Area.CHILDREN_IN_CARE: Grade.GOOD,
        Area.CARE_LEAVERS: Grade.OUTSTANDING,
    }
    data = filled_add_form(admin_client, authority, grades)

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, error_texts(response)
    inspection = Inspection.objects.get()
    assert (inspection.authority, inspection.framework, inspection.started_on) == (
        authority,
        Framework.ILACS,
        D(2023, 3, 6),
    )
    assert inspection.overall_effectiveness == Grade.GOOD
    assert inspection.lead_inspector == "Jane Smith"
    assert recorded_grades(inspection) == grades  # the three rows left empty saved nothing


def test_changing_a_grade_on_the_inspection_page_saves_it(admin_client):
    inspection = make_inspection(
        grades={Area.LEADERSHIP: Grade.GOOD, Area.CHILDREN_IN_CARE: Grade.GOOD}
    )
    response = admin_client.get(change_url(inspection))
    data = admin_form(response)
    rows = inline_rows(response, "judgements")
    set_row(data, "judgements", rows, Area.CHILDREN_IN_CARE, grade=Grade.INADEQUATE)

    response = admin_client.post(change_url(inspection), data)

    assert response.status_code == 302, error_texts(response)
    assert recorded_grades(inspection) == {
        Area.LEADERSHIP: Grade.GOOD,
        Area.CHILDREN_IN_CARE: Grade.INADEQUATE,
    }


def test_a_judgement_is_deleted_with_the_delete_box_and_a_new_one_added(admin_client):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    response = admin_client.get(change_url(inspection))
    data = admin_form(response)
    rows = inline_rows(response, "judgements")
    set_row(data, "judgements", rows, Area.LEADERSHIP, DELETE="on")
    set_row(data, "judgements", rows, Area.CARE_LEAVERS, grade=Grade.GOOD)

    response = admin_client.post(change_url(inspection), data)

    assert response.status_code == 302, error_texts(response)
    assert recorded_grades(inspection) == {Area.CARE_LEAVERS: Grade.GOOD}


def test_an_existing_judgement_cannot_be_emptied_without_ticking_delete(admin_client):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    response = admin_client.get(change_url(inspection))
    data = admin_form(response)
    set_row(data, "judgements", inline_rows(response, "judgements"), Area.LEADERSHIP, grade="")

    response = admin_client.post(change_url(inspection), data)

    assert response.status_code == 200
    assert shows_error(response, "to remove this judgement, tick “Delete?”")
    assert recorded_grades(inspection) == {Area.LEADERSHIP: Grade.GOOD}


# --- Invalid submissions: a plain message, nothing saved ---------------------------------------


def _ilacs_2022(client, authority):
    return filled_add_form(
        client,
        authority,
        {Area.CHILDREN_IN_CARE: Grade.GOOD, Area.CARE_LEAVERS: Grade.GOOD},
        started_on="2022-05-09",
        ended_on="2022-05-20",
        published_on="2022-07-01",
    )


def _sif_adequate(client, authority):
    return filled_add_form(
        client,
        authority,
        {Area.ADOPTION: Grade.GOOD},
        framework=Framework.SIF,
        started_on="2015-03-02",
        ended_on="2015-03-26",
        published_on="2015-06-05",
        overall_effectiveness=Grade.ADEQUATE,
    )


def _overall_after_april_2026(client, authority):
    return filled_add_form(
        client,
        authority,
        {Area.LEADERSHIP: Grade.GOOD},
        framework=Framework.ILACS_2026,
        started_on="2026-05-11",
        ended_on="2026-05-22",
        published_on="2026-07-07",
        overall_effectiveness=Grade.GOOD,
    )


def _end_before_start(client, authority):
    return filled_add_form(client, authority, {}, ended_on="2023-03-01")


def _published_before_end(client, authority):
    return filled_add_form(client, authority, {}, published_on="2023-03-10")


def _adoption_on_ilacs(client, authority):
    return filled_add_form(client, authority, {Area.ADOPTION: Grade.GOOD})


def _adequate_judgement_on_ilacs(client, authority):
    return filled_add_form(client, authority, {Area.LEADERSHIP: Grade.ADEQUATE})


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            _ilacs_2022,
            "Care leavers were judged on their own only in inspections that began on or after "
            "1 January 2023",
            id="care leavers on ILACS started 2022",
        ),
        pytest.param(
            _sif_adequate,
            "'Adequate' belongs only to the frameworks before SIF",
            id="adequate overall on SIF",
        ),
        pytest.param(
            _overall_after_april_2026,
            "ILACS inspections that began on or after 1 April 2026 give no overall "
            "effectiveness judgement",
            id="overall grade on ILACS started May 2026",
        ),
        pytest.param(
            _end_before_start,
            "The inspection cannot end before it starts.",
            id="end before start",
        ),
        pytest.param(
            _published_before_end,
            "The report cannot be published before the inspection ends.",
            id="published before end",
        ),
        pytest.param(
            _adoption_on_ilacs,
            "has no 'Adoption performance' judgement",
            id="adoption on ILACS",
        ),
        pytest.param(
            _adequate_judgement_on_ilacs,
            "'Adequate' belongs only to the frameworks before SIF",
            id="adequate judgement on ILACS",
        ),
    ],
)
def test_an_invalid_new_inspection_shows_its_message_and_saves_nothing(
    admin_client, build, message
):
    authority = make_authority()
    data = build(admin_client, authority)
    before = counts()

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert shows_error(response, message), error_texts(response)
    assert counts() == before == (0, 0, 0)


def test_duplicate_area_rows_show_a_message_and_save_nothing(admin_client):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    response = admin_client.get(change_url(inspection))
    data = admin_form(response)
    rows = inline_rows(response, "judgements")
    # Two new rows both set to children in care.
    set_row(data, "judgements", rows, Area.CHILDREN_IN_CARE, grade=Grade.GOOD)
    set_row(data, "judgements", rows, Area.CARE_LEAVERS, area=Area.CHILDREN_IN_CARE, grade="good")
    before = counts()

    response = admin_client.post(change_url(inspection), data)

    assert response.status_code == 200
    assert shows_error(response, "There is already a row for 'Children in care'"), error_texts(
        response
    )
    assert counts() == before
    assert recorded_grades(inspection) == {Area.LEADERSHIP: Grade.GOOD}


def test_a_new_row_duplicating_a_recorded_judgement_shows_a_message(admin_client):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    response = admin_client.get(change_url(inspection))
    data = admin_form(response)
    rows = inline_rows(response, "judgements")
    set_row(data, "judgements", rows, Area.CARE_LEAVERS, area=Area.LEADERSHIP, grade="inadequate")

    response = admin_client.post(change_url(inspection), data)

    assert response.status_code == 200
    assert shows_error(response, "There is already a row for 'Leadership"), error_texts(response)
    assert recorded_grades(inspection) == {Area.LEADERSHIP: Grade.GOOD}


def test_a_framework_change_that_rules_out_a_recorded_judgement_is_refused(admin_client):
    inspection = make_inspection(
        framework=Framework.SIF,
        started_on=D(2016, 1, 11),
        ended_on=D(2016, 2, 4),
        published_on=D(2016, 3, 30),
        grades={Area.ADOPTION: Grade.GOOD, Area.LEADERSHIP: Grade.GOOD},
    )
    response = admin_client.get(change_url(inspection))
    data = admin_form(response)
    # Re-dated into ILACS, which has no adoption judgement; the adoption row is left as it is.
    data.update(
        framework=Framework.ILACS,
        started_on="2019-01-14",
        ended_on="2019-01-25",
        published_on="2019-03-12",
    )

    response = admin_client.post(change_url(inspection), data)

    assert response.status_code == 200
    assert shows_error(response, "has no 'Adoption performance' judgement"), error_texts(response)
    assert shows_error(response, "judgements already recorded no longer fit")
    inspection.refresh_from_db()
    assert inspection.framework == Framework.SIF
    assert recorded_grades(inspection) == {Area.ADOPTION: Grade.GOOD, Area.LEADERSHIP: Grade.GOOD}


def test_the_same_framework_change_saves_when_the_judgement_is_deleted(admin_client):
    inspection = make_inspection(
        framework=Framework.SIF,
        started_on=D(2016, 1, 11),
        ended_on=D(2016, 2, 4),
        published_on=D(2016, 3, 30),
        grades={Area.ADOPTION: Grade.GOOD, Area.LEADERSHIP: Grade.GOOD},
    )
    response = admin_client.get(change_url(inspection))
    data = admin_form(response)
    data.update(
        framework=Framework.ILACS,
        started_on="2019-01-14",
        ended_on="2019-01-25",
        published_on="2019-03-12",
    )
    set_row(data, "judgements", inline_rows(response, "judgements"), Area.ADOPTION, DELETE="on")

    response = admin_client.post(change_url(inspection), data)

    assert response.status_code == 302, error_texts(response)
    inspection.refresh_from_db()
    assert inspection.framework == Framework.ILACS
    assert recorded_grades(inspection) == {Area.LEADERSHIP: Grade.GOOD}


def test_a_monitoring_visit_after_an_inspection_not_judged_inadequate_is_refused(admin_client):
    inspection = make_inspection(overall_effectiveness=Grade.GOOD)
    url = reverse("admin:inspections_monitoringvisit_add")
    data = admin_form(admin_client.get(url))
    data.update(
        authority=str(inspection.authority.pk),
        follows=str(inspection.pk),
        started_on="2023-09-05",
        ended_on="2023-09-06",
        theme="Children in need",
    )
    before = counts()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert shows_error(
        response,
        "A monitoring visit follows an inspection judged inadequate overall (or, from April 2026, "
        "in any area); this one is Good.",
    ), error_texts(response)
    assert counts() == before


def test_a_monitoring_visit_after_an_inadequate_inspection_is_saved(admin_client):
    inspection = make_inspection(overall_effectiveness=Grade.INADEQUATE)
    url = reverse("admin:inspections_monitoringvisit_add")
    data = admin_form(admin_client.get(url))
    data.update(
        authority=str(inspection.authority.pk),
        follows=str(inspection.pk),
        started_on="2023-09-05",
        ended_on="2023-09-06",
        sequence="1",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, error_texts(response)
    assert MonitoringVisit.objects.get().follows == inspection


# --- The rows shown ---------------------------------------------------------------------------


def test_an_ilacs_inspection_from_2023_shows_exactly_its_four_areas(admin_client):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})

    rows = inline_rows(admin_client.get(change_url(inspection)), "judgements")

    assert [row.values["area"] for row in rows] == [
        Area.LEADERSHIP,  # recorded rows first
        Area.HELP_AND_PROTECTION,
        Area.CHILDREN_IN_CARE,
        Area.CARE_LEAVERS,
    ]
    assert [row.values["grade"] for row in rows] == [Grade.GOOD, "", "", ""]
    assert all(sorted(row.area_options) == sorted(ILACS_2023_AREAS) for row in rows)


def test_a_sif_inspection_shows_its_six_areas(admin_client):
    inspection = make_inspection(
        framework=Framework.SIF,
        started_on=D(2016, 1, 11),
        ended_on=D(2016, 2, 4),
        published_on=D(2016, 3, 30),
    )

    rows = inline_rows(admin_client.get(change_url(inspection)), "judgements")

    assert [row.values["area"] for row in rows] == SIF_AREAS
    assert all(sorted(row.area_options) == sorted(SIF_AREAS) for row in rows)


def test_an_ilacs_inspection_before_2023_has_no_care_leavers_row(admin_client):
    inspection = make_inspection(
        started_on=D(2022, 5, 9), ended_on=D(2022, 5, 20), published_on=D(2022, 7, 1)
    )

    rows = inline_rows(admin_client.get(change_url(inspection)), "judgements")

    assert {row.values["area"] for row in rows} == {
        Area.HELP_AND_PROTECTION,
        Area.CHILDREN_IN_CARE,
        Area.LEADERSHIP,
    }


def test_the_add_page_shows_every_area_and_says_which_framework_has_which(admin_client):
    response = admin_client.get(ADD_URL)

    rows = inline_rows(response, "judgements")
    assert [row.values["area"] for row in rows] == list(Area)
    assert all(row.values["grade"] == "" for row in rows)
    help_text = parse(response).find(id="judgement-areas-help").text()
    assert "Single inspection framework (SIF, 2013–2017): overall effectiveness;" in help_text
    assert "ILACS from April 2026: no overall grade;" in help_text
    assert (
        "care leavers on their own only in inspections that began on or after 1 January 2023"
        in help_text
    )


def test_an_inspection_with_an_unknown_framework_shows_every_area(admin_client):
    inspection = make_inspection(
        framework=Framework.UNKNOWN, inspection_type=InspectionType.UNKNOWN
    )

    rows = inline_rows(admin_client.get(change_url(inspection)), "judgements")

    assert [row.values["area"] for row in rows] == list(Area)


# --- Lists, filters and search ---------------------------------------------------------------


def result_rows(response) -> list[str]:
    table = parse(response).find(id="result_list")
    return [row.text() for row in table.find("tbody").find_all("tr")]


def test_the_inspection_list_filters_by_framework_region_year_and_grade(admin_client):
    london = make_authority(name="Camden", dfe_code="202", region=Region.LONDON)
    north = make_authority(name="Sunderland", dfe_code="394", region=Region.NORTH_EAST)
    make_inspection(london, overall_effectiveness=Grade.GOOD)
    make_inspection(
        north,
        framework=Framework.SIF,
        started_on=D(2016, 1, 11),
        ended_on=D(2016, 2, 4),
        published_on=D(2016, 3, 30),
        overall_effectiveness=Grade.INADEQUATE,
    )
    url = reverse("admin:inspections_inspection_changelist")

    assert len(result_rows(admin_client.get(url))) == 2
    for query, expected in [
        ({"framework__exact": "sif"}, "Sunderland"),
        ({"authority__region__exact": "GL"}, "Camden"),
        ({"published_year": "2016"}, "Sunderland"),
        ({"overall_effectiveness__exact": "good"}, "Camden"),
        ({"q": "Sunder"}, "Sunderland"),
        ({"q": "202"}, "Camden"),
        ({"q": str(north.ofsted_urn)}, "Sunderland"),
    ]:
        rows = result_rows(admin_client.get(url, query))
        assert len(rows) == 1 and expected in rows[0], (query, rows)


def test_the_authority_list_searches_every_code_and_filters_active(admin_client):
    make_authority(name="Buckinghamshire Council", ons_code="E06000060", ofsted_urn=80442)
    make_authority(name="Northamptonshire", ons_code="E10000021", active_until=D(2021, 3, 31))
    url = reverse("admin:authorities_authority_changelist")

    assert "Buckinghamshire" in result_rows(admin_client.get(url, {"q": "E06000060"}))[0]
    assert "Buckinghamshire" in result_rows(admin_client.get(url, {"q": "80442"}))[0]
    (row,) = result_rows(admin_client.get(url, {"active": "no"}))
    assert "Northamptonshire" in row
    (row,) = result_rows(admin_client.get(url, {"active": "yes"}))
    assert "Buckinghamshire" in row


@pytest.mark.parametrize(
    "model",
    [
        "authorities.authority",
        "inspections.inspection",
        "inspections.monitoringvisit",
        "inspections.focusedvisit",
        "inspections.jointtargetedareainspection",
        "inspections.intervention",
    ],
)
def test_every_admin_list_and_add_page_opens(admin_client, model):
    make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    app_label, model_name = model.split(".")
    for view in ("changelist", "add"):
        response = admin_client.get(reverse(f"admin:{app_label}_{model_name}_{view}"))
        assert response.status_code == 200, (model, view)


def test_the_judgement_list_and_change_pages_open_and_it_has_no_add_page(admin_client):
    """Judgements are added on their inspection's page, under its edit lock."""
    judgement = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD}).judgements.get()
    for url in (
        reverse("admin:inspections_judgement_changelist"),
        reverse("admin:inspections_judgement_change", args=[judgement.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get(reverse("admin:inspections_judgement_add")).status_code == 403


def test_statistical_neighbours_can_swap_ranks(admin_client):
    authority, first, second = make_authority(), make_authority(), make_authority()
    StatisticalNeighbour.objects.create(authority=authority, neighbour=first, rank=1)
    StatisticalNeighbour.objects.create(authority=authority, neighbour=second, rank=2)
    url = reverse("admin:authorities_authority_change", args=[authority.pk])
    response = admin_client.get(url)
    data = admin_form(response)
    rows = {row.values["rank"]: row.index for row in inline_rows(response, "neighbour_links")}
    data[f"neighbour_links-{rows['1']}-rank"] = "2"
    data[f"neighbour_links-{rows['2']}-rank"] = "1"

    response = admin_client.post(url, data)

    assert response.status_code == 302, error_texts(response)
    ranked = authority.neighbour_links.order_by("rank").values_list("neighbour", flat=True)
    assert list(ranked) == [second.pk, first.pk]


def test_two_neighbours_with_one_rank_show_a_message(admin_client):
    authority, first, second = make_authority(), make_authority(), make_authority()
    StatisticalNeighbour.objects.create(authority=authority, neighbour=first, rank=1)
    StatisticalNeighbour.objects.create(authority=authority, neighbour=second, rank=2)
    url = reverse("admin:authorities_authority_change", args=[authority.pk])
    response = admin_client.get(url)
    data = admin_form(response)
    (row,) = [row for row in inline_rows(response, "neighbour_links") if row.values["rank"] == "2"]
    data[f"neighbour_links-{row.index}-rank"] = "1"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert shows_error(response, "Please correct the duplicate data for rank"), error_texts(
        response
    )
    assert sorted(authority.neighbour_links.values_list("rank", flat=True)) == [1, 2]


def test_an_authority_is_not_its_own_neighbour(admin_client):
    authority = make_authority()
    url = reverse("admin:authorities_authority_change", args=[authority.pk])
    data = admin_form(admin_client.get(url))
    data.update(
        {
            "neighbour_links-TOTAL_FORMS": "1",
            "neighbour_links-0-rank": "1",
            "neighbour_links-0-neighbour": str(authority.pk),
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert shows_error(response, "An authority is not its own statistical neighbour."), error_texts(
        response
    )
    assert not StatisticalNeighbour.objects.exists()


PUBLISHED_YEAR_LISTS = [
    "inspection",
    "monitoringvisit",
    "focusedvisit",
    "jointtargetedareainspection",
    "publication",
    "publicationtoreview",
]


@pytest.mark.parametrize("model", PUBLISHED_YEAR_LISTS)
@pytest.mark.parametrize("year", ["²", "①", "٢٠١٦", "99999", "0", "-1", "20 16", "x"])
def test_a_bad_published_year_is_the_admins_invalid_filter_not_a_500(admin_client, model, year):
    """Finding 10: "²" passed isdigit() and broke int(); 99999 broke the year's dates."""
    url = reverse(f"admin:inspections_{model}_changelist")

    response = admin_client.get(url, {"published_year": year})

    assert response.status_code == 302 and response.url.endswith("?e=1")
    assert admin_client.get(response.url).status_code == 200


@pytest.mark.parametrize("model", PUBLISHED_YEAR_LISTS)
@pytest.mark.parametrize("year", ["2016", "1", "9999", "none", ""])
def test_a_published_year_a_date_can_hold_filters(admin_client, model, year):
    url = reverse(f"admin:inspections_{model}_changelist")

    assert admin_client.get(url, {"published_year": year}).status_code == 200
