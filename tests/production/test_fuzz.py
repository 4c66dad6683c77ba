"""Fuzzing every public URL with generated requests (hypothesis): random paths, query strings
(Unicode digits, NUL, over-long values, repeated parameters among them) and htmx headers. Whatever arrives, the answer is a page or a clean 4xx, never a server error.

The quick run in the suite sends FUZZ_EXAMPLES requests in all (default 400, under a minute
with the national data, the same ones each run), spread over the public URLs; the long run sends more and prints what it saw:

    FUZZ_EXAMPLES=20000 FUZZ_RANDOM=1 bin/test tests/production/test_fuzz.py -s
"""

import os
from collections import Counter
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.production.public_urls import public_urls
from tests.site_data import site_data_rolled_back

PUBLIC_URLS = public_urls()
TOTAL = int(os.environ.get("FUZZ_EXAMPLES", "400"))
PER_URL = max(10, TOTAL // len(PUBLIC_URLS))
STATUSES: Counter = Counter()

# The names the pages read, so generated values reach the forms, plus names they ignore.
PARAMETERS = [
    "q",
    "region",
    "authority_type",
    "grade",
    "inadequate_since",
    "change",
    "include_former",
    "sort",
    "page",
    "show",
    "a",
    "area",
    # /data/'s filters of the disagreements between sources.
    "settled",
    "source",
    "csrfmiddlewaretoken",
    "format",
    "__proto__",
]
# Values of the kinds the forms expect, at and beyond their edges, and anything at all.
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "2013",
            "99999999999999999999",
            "1e309",
            "NaN",
            "overall",
            "grade",
            "name",
            "GL",
            "inadequate",
            "improved",
            "waiting",
            "report",
            "buckinghamshire",
            "sandwell",
            "on",
            "true",
            "'; DROP TABLE authorities_authority; --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%00",
            "\x00",
            "\ud7ff",
            "🏳️‍🌈",
            "a" * 5000,
            # Digits to str.isdigit() that int() refuses or reads otherwise (finding 9).
            "²",
            "①",
            "٢٠١٦",
            "１２",
            "2²",
            # NUL and control characters, which PostgreSQL refuses in any query (finding 9).
            "sandwell\x00",
            "\x1b[31m",
            "\x7f",
            # Over long: beyond every max_length and the URL's own.
            "9" * 300,
            "sandwell" * 1000,
        ]
    ),
    st.text(max_size=60),
    st.integers().map(str),
)
PAIRS = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=12)), VALUES), max_size=8
)
# One parameter repeated, a few times or far past any cap (the compare page reads 50 slugs).
REPEATED = st.tuples(st.sampled_from(PARAMETERS), VALUES, st.sampled_from([2, 3, 60, 500])).map(
    lambda repeat: [repeat[:2]] * repeat[2]
)
QUERY = st.one_of(PAIRS, st.tuples(PAIRS, REPEATED).map(lambda both: both[0] + both[1]))
# Raw query strings, including broken percent-escapes and bytes that are not UTF-8.
RAW_QUERY = st.text(alphabet=st.sampled_from("a=&%;+?#/\\zZ09ÿ\x7f %ff%fe%c3%28"), max_size=40)
SEGMENT = st.one_of(
    st.sampled_from(["", "x", "..", "%2e%2e", "%00", "buckinghamshire", "0", "-", "_", "~"]),
    st.text(max_size=20).map(lambda text: quote(text, safe="")),
)
HTMX_HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_HX_REQUEST": st.sampled_from(["true", "false", "", "1", "x"]),
        "HTTP_HX_TARGET": st.one_of(
            st.sampled_from(["results", "search-results", "#x", ""]), st.text(max_size=20)
        ),
        "HTTP_HX_CURRENT_URL": st.one_of(
            st.just("http://testserver/compare/?a=sandwell"), st.text(max_size=40)
        ),
        "HTTP_HX_TRIGGER": st.text(max_size=20),
        "HTTP_HX_TRIGGER_NAME": st.text(max_size=20),
        "HTTP_HX_HISTORY_RESTORE_REQUEST": st.sampled_from(["true", "false"]),
        "HTTP_HX_BOOSTED": st.sampled_from(["true", ""]),
        "HTTP_HX_PROMPT": st.text(max_size=20),
        "HTTP_ACCEPT": st.sampled_from(["*/*", "application/json", "text/html", ""]),
    },
).map(
    lambda headers: {k: v.encode("utf-8", "replace").decode("latin-1") for k, v in headers.items()}
)


@st.composite
def requests(draw, url: str):
    path = url
    if draw(st.integers(0, 3)) == 0:  # a quarter of the requests to a path that is not a page
        path = path.rstrip("/") + "/" + "/".join(draw(st.lists(SEGMENT, min_size=1, max_size=3)))
    query = urlencode(draw(QUERY), doseq=False) if draw(st.booleans()) else draw(RAW_QUERY)
    return f"{path}?{query}", draw(HTMX_HEADERS)


@pytest.fixture(scope="module")
def fuzz_site(django_db_setup, django_db_blocker):
    """The national data as shipped (data/ofsted) and the demo data, once for the module."""
    from django.conf import settings as django_settings

    with django_db_blocker.unblock(), site_data_rolled_back(django_settings.NATIONAL_DATA_DIR):
        yield


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_generated_request_gets_a_server_error(fuzz_site, db, client, url):
    @settings(
        max_examples=PER_URL,
        deadline=None,
        derandomize=not os.environ.get("FUZZ_RANDOM"),  # the same requests on every CI run
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(request=requests(url))
    def fuzz(request):
        path, headers = request
        response = client.get(path, **headers)
        STATUSES[response.status_code] += 1
        assert response.status_code < 500, (path, headers)

    fuzz()


def test_report(request):
    """Prints what the fuzzing saw (with -s)."""
    if STATUSES:
        counts = ", ".join(f"{status}: {n}" for status, n in sorted(STATUSES.items()))
        print(f"\nfuzz: {sum(STATUSES.values())} requests over {len(PUBLIC_URLS)} URLs; {counts}")


#: Each sent to every URL, whatever the generated requests above happen to draw: every value
#: once in every parameter, and once in `q` and `a` alone (so no other field's error hides it).
HOSTILE = ["²", "①", "٢٠١٦", "\x00", "sandwell\x00", "\x1b", "9" * 300, "x" * 5000]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_unicode_digits_nul_long_and_repeated_values_get_no_server_error(
    fuzz_site, db, client, url
):
    for value in HOSTILE:
        for query in (
            [(name, value) for name in PARAMETERS],
            [("q", value), ("a", value), ("a", "sandwell"), ("a", "buckinghamshire")],
            [("a", value)] * 60 + [("q", value)] * 3,
        ):
            response = client.get(f"{url}?{urlencode(query)}")
            STATUSES[response.status_code] += 1
            assert response.status_code < 500, (url, query[:3])
