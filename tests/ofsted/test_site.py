"""inspections/ofsted/site.py: reading the report finder's pages (fixtures shaped like the real
site's, odd markup, the stand-in's pages) and naming a publication's kind."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from inspections.ofsted import site
from inspections.ofsted.fetch import Fetcher
from inspections.ofsted.site import ProviderLink, PublicationLink
from inspections.rules import PublicationKind
from tests.ofsted.standin import StandIn

PAGES = Path(__file__).parent / "pages"
BASE = "https://reports.ofsted.gov.uk"


def test_addresses():
    assert site.search_url(BASE + "/") == (
        BASE + "/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
        "&start=0&rows=100"
    )
    assert site.search_url(BASE, start=200, rows=50).endswith("&start=200&rows=50")
    assert site.provider_url(BASE, 80442) == BASE + "/provider/44/80442"


def test_search_page_lists_each_local_authority_once_and_the_next_page():
    providers, following = site.search_page(
        (PAGES / "search.html").read_text(), site.search_url(BASE)
    )

    assert providers == [
        ProviderLink(80442, "Buckinghamshire County Council", BASE + "/provider/44/80442"),
        ProviderLink(80549, "Sandwell Metropolitan Borough Council", BASE + "/provider/44/80549/"),
        ProviderLink(2532283, "Dorset Council & partners", BASE + "/provider/44/2532283"),
    ]
    assert following == site.search_url(BASE, start=100)


def test_provider_page_lists_publications_newest_first_as_printed():
    page_url = site.provider_url(BASE, 80442)
    publications = site.provider_page((PAGES / "provider.html").read_text(), page_url)

    assert publications[0] == PublicationLink(
        url="https://files.ofsted.gov.uk/v1/file/50276975",
        file_id="50276975",
        title="Children's services inspection - 14 May 2025, pdf",
        kind=PublicationKind.INSPECTION,
        published=dt.date(2025, 5, 14),
    )
    assert [(p.file_id, p.kind, p.published) for p in publications[1:]] == [
        ("50177454", PublicationKind.INSPECTION, dt.date(2022, 2, 11)),  # curly apostrophe
        ("50004412", PublicationKind.INSPECTION, dt.date(2018, 1, 29)),
        ("50004277", PublicationKind.INSPECTION, dt.date(2014, 8, 8)),  # ", pdf" before the date
    ]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "not html at all < > &",
        "<a>no href</a><a href>empty</a><ul class='pagination'><li class='next'><a>no href</a></li></ul>",
        "<a href='/provider/44/'>no URN</a><a href='/provider/44/12x'>letters</a>",
        "<a href='http://[::1/provider/44/1'>broken address</a><a href='javascript:go()'>x</a>",
        "<html><body><div><a href='/provider/44/1'",  # cut off mid-tag
        "<a href='/provider/44/80442'><img alt=''></a>" * 3,
    ],
)
def test_odd_search_pages_give_what_they_can_and_never_raise(html):
    providers, following = site.search_page(html, BASE + "/search")

    assert following is None
    assert all(isinstance(p.urn, int) for p in providers)


def test_a_provider_link_without_a_name_is_kept_by_its_urn():
    providers, _ = site.search_page("<a href='/provider/44/80442'><img alt=''></a>", BASE)

    assert providers == [ProviderLink(80442, "", BASE + "/provider/44/80442")]


def test_a_next_link_to_the_same_page_ends_the_pages():
    html = "<ul class='pagination'><li class='next'><a href='?start=0'>Next</a></li></ul>"

    assert site.search_page(html, BASE + "/search?start=0") == ([], None)


def test_odd_publication_links_give_what_they_can_and_never_raise():
    html = """
      <a class="publication-link">no href</a>
      <a class="publication-link" href="">empty href</a>
      <a class="publication-link" href="mailto:someone@example.org">mail</a>
      <a class="publication-link" href="/v1/file/1">No span - 31 February 2020</a>
      <a class="publication-link" href="/v1/file/1"><span class="nonvisual">the same file again</span></a>
      <a class="publication-link" href="files/report.pdf?x=1"><span class="nonvisual"></span></a>
      <a class="publication-link" href="http://[::1/v1/file/2">broken address</a>
      <a href="/v1/file/3"><span class="nonvisual">not a publication link</span></a>
      <div class="publication-link" href="/v1/file/4">not a link</div>
      <a class="publication-link other" href="https://files.ofsted.gov.uk/v1/file/5/">
        <span class="nonvisual">Monitoring visit - <b>5 June</b> 2019</span>
    """

    publications = site.provider_page(html, BASE + "/provider/44/1")

    assert [(p.url, p.file_id, p.title, p.kind, p.published) for p in publications] == [
        (BASE + "/v1/file/1", "1", "No span - 31 February 2020", PublicationKind.UNKNOWN, None),
        (BASE + "/provider/44/files/report.pdf?x=1", "report.pdf", "", PublicationKind.UNKNOWN, None),
        ("https://files.ofsted.gov.uk/v1/file/5/", "5", "Monitoring visit - 5 June 2019",
         PublicationKind.MONITORING_VISIT, dt.date(2019, 6, 5)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://files.ofsted.gov.uk/v1/file/50261178", "50261178"),
        ("https://files.ofsted.gov.uk/v1/file/50261178/", "50261178"),
        ("https://files.ofsted.gov.uk/v1/file/2755854?download=1#page=2", "2755854"),
        ("https://reports.ofsted.gov.uk/provider/files/1234/urn/80442.pdf", "80442.pdf"),
        ("", ""),
        ("http://[::1", ""),
    ],
)
def test_file_id(url, expected):
    assert site.file_id(url) == expected


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Children's services inspection - 09 May 2025, pdf", PublicationKind.INSPECTION),
        ("CHILDREN’S SERVICES INSPECTION,  pdf - 16 August 2013", PublicationKind.INSPECTION),
        (
            "Inspection of local authority children's services - 1 May 2019",
            PublicationKind.INSPECTION,
        ),
        (
            "Inspection of services for children in need of help and protection, children looked after and care leavers",
            PublicationKind.INSPECTION,
        ),
        ("Safeguarding and looked after children inspection - 2012", PublicationKind.INSPECTION),
        ("Children's social care inspection", PublicationKind.INSPECTION),
        (
            "Monitoring visit to Birmingham local authority children's services - 3 Sept 2019",
            PublicationKind.MONITORING_VISIT,
        ),
        ("Children's services monitoring visit, pdf", PublicationKind.MONITORING_VISIT),
        ("Focused visit to Sandwell children's services", PublicationKind.FOCUSED_VISIT),
        ("Focussed visit - 1 March 2021", PublicationKind.FOCUSED_VISIT),
        (
            "Joint targeted area inspection of the multi-agency response to children's services",
            PublicationKind.JTAI,
        ),
        ("JTAI letter - 4 July 2023, pdf", PublicationKind.JTAI),
        ("Local area SEND inspection - 1 January 2020", PublicationKind.UNKNOWN),
        ("Annual performance assessment", PublicationKind.UNKNOWN),
        ("Assurance visit - 16 March 2021, pdf", PublicationKind.FOCUSED_VISIT),
        ("monitoring visits", PublicationKind.UNKNOWN),  # whole phrases only
        ("", PublicationKind.UNKNOWN),
    ],
)
def test_publication_kind_by_keywords(title, kind):
    assert site.publication_kind(title) == kind


@pytest.mark.parametrize(
    ("title", "published"),
    [
        ("Children's services inspection - 09 May 2025, pdf", dt.date(2025, 5, 9)),
        ("Focused visit - 3 Sept 2019", dt.date(2019, 9, 3)),
        ("Monitoring visit - 1st Dec. 2020", dt.date(2020, 12, 1)),
        ("Report of 1 May 2019, corrected 14 June 2019", dt.date(2019, 6, 14)),  # the last date
        ("Inspection - 29 February 2023", None),  # no such day
        ("Inspection - 12 Maybe 2023", None),
        ("Inspection - 2023-05-12", None),
        ("Inspection", None),
    ],
)
def test_publication_date_in_the_title(title, published):
    assert site.published_on(title) == published


# --- Against the stand-in ------------------------------------------------------------------------


def _all_search_pages(fetcher: Fetcher, base_url: str) -> list[ProviderLink]:
    providers, url = [], site.search_url(base_url)
    while url:
        found, url = site.search_page(fetcher.page(url), url)
        providers += found
    return providers


def test_search_pages_are_followed_to_the_last(tmp_path):
    with StandIn(rows=2) as standin:
        for urn, name in [
            (5, "Ealing"),
            (1, "Barnet"),
            (3, "Camden"),
            (2, "Dudley"),
            (4, "Anglesey"),
        ]:
            standin.add_provider(urn, name)
        standin.add_provider(9, "Poole", listed=False)
        fetcher = Fetcher(standin.base_url, archive=tmp_path, pause=0)

        providers = _all_search_pages(fetcher, standin.base_url)

    assert [p.name for p in providers] == ["Anglesey", "Barnet", "Camden", "Dudley", "Ealing"]
    assert providers[0].url == standin.base_url + "/provider/44/4"
    assert [path.rsplit("&", 2)[1:] for path in standin.paths] == [
        ["start=0", "rows=100"], ["start=2", "rows=100"], ["start=4", "rows=100"],
    ]  # fmt: skip


def test_a_provider_page_lists_its_publications_newest_first(tmp_path):
    with StandIn() as standin:
        standin.add_provider(80442, "Buckinghamshire")
        older = standin.add_publication(
            80442, "Children's services inspection - 08 August 2014, pdf", b"%PDF-1 %%EOF"
        )
        newer = standin.add_publication(
            80442, "Monitoring visit - 3 March 2015, pdf", b"%PDF-1 %%EOF", file_id="77"
        )
        fetcher = Fetcher(standin.base_url, archive=tmp_path, pause=0)
        url = site.provider_url(standin.base_url, 80442)

        publications = site.provider_page(fetcher.page(url), url)

    assert [(p.url, p.kind, p.published) for p in publications] == [
        (newer, PublicationKind.MONITORING_VISIT, dt.date(2015, 3, 3)),
        (older, PublicationKind.INSPECTION, dt.date(2014, 8, 8)),
    ]
    assert publications[0].file_id == "77" and newer.endswith("/v1/file/77")


def test_a_changed_layout_gives_no_links(tmp_path):
    with StandIn() as standin:
        standin.add_provider(80442, "Buckinghamshire")
        standin.add_publication(
            80442, "Children's services inspection - 08 August 2014, pdf", b"%PDF-"
        )
        standin.layout_changed = True
        fetcher = Fetcher(standin.base_url, archive=tmp_path, pause=0)
        url = site.provider_url(standin.base_url, 80442)

        assert _all_search_pages(fetcher, standin.base_url) == []
        assert site.provider_page(fetcher.page(url), url) == []


def test_the_stand_in_serves_the_shared_reports_under_the_historys_file_ids(reports_dir, tmp_path):
    history = settings.NATIONAL_DATA_DIR / "ilacs_history.csv"
    with StandIn(reports_dir, history_csv=history) as standin:
        fetcher = Fetcher(standin.base_url, archive=tmp_path, pause=0)
        providers = _all_search_pages(fetcher, standin.base_url)
        publications = {
            p.urn: site.provider_page(
                fetcher.page(site.provider_url(standin.base_url, p.urn)), p.url
            )
            for p in providers
        }

    reports = sorted(reports_dir.glob("*.pdf"))
    assert {p.urn for p in providers} == {int(r.name.split("_")[0]) for r in reports}
    assert next(p.name for p in providers if p.urn == 80438) == "Brighton and Hove"
    links = [link for found in publications.values() for link in found]
    assert len(links) == len(reports) == 27
    assert {link.kind for link in links} == {PublicationKind.INSPECTION}
    # Every shared report is in the history, so every id is the history's.
    history_ids = {
        site.file_id(line.split(",")[2]) for line in history.read_text().splitlines()[1:]
    }
    assert {link.file_id for link in links} <= history_ids
    assert [(p.published, p.file_id) for p in publications[80442]] == [
        (dt.date(2025, 5, 14), "50276975"),
        (dt.date(2022, 2, 11), "50177454"),
        (dt.date(2018, 1, 29), "50004412"),
        (dt.date(2014, 8, 8), "50004277"),
    ]


def test_the_stand_in_makes_up_stable_ids_without_the_history(reports_dir, tmp_path):
    def file_ids(standin: StandIn) -> list[str]:
        fetcher = Fetcher(standin.base_url, archive=tmp_path, pause=0)
        return [
            link.file_id
            for provider in _all_search_pages(fetcher, standin.base_url)
            for link in site.provider_page(fetcher.page(provider.url), provider.url)
        ]

    with StandIn(reports_dir) as first, StandIn(reports_dir) as second:
        ids = file_ids(first)
        assert file_ids(second) == ids
    assert len(set(ids)) == 27 and all(i.startswith("99") and len(i) == 8 for i in ids)
