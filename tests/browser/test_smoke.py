import pytest

from inspections.services import demo_load

pytestmark = pytest.mark.django_db(transaction=True)


def test_authority_page_opens_in_a_real_browser(live_server, page):
    demo_load()
    page.goto(f"{live_server.url}/authorities/buckinghamshire/")
    assert page.locator("h1").inner_text() == "Buckinghamshire"
    assert page.errors == []
