"""Each inspection on the authority page says where its values come from (dashboard.py's
sources_in_words), grouped by the source whose value is kept, agreeing sources in brackets."""

from types import SimpleNamespace

from dashboard.templatetags.dashboard import sources_in_words


def test_values_grouped_by_their_source_with_those_that_agree():
    inspection = SimpleNamespace(
        sources={
            "published_on": ["report", "official"],
            "overall": ["report", "official"],
            "help_and_protection": ["report", "official"],
            "inspection_type": ["official"],
            "report_url": ["history"],
        }
    )
    assert sources_in_words(inspection) == (
        "Judgements, overall effectiveness, publication date: the report (so does Ofsted's "
        "official statistics); type: Ofsted's official statistics; report link: the scrape tool's "
        "history"
    )


def test_slacs_overall_says_how_it_was_worked_out_and_nothing_recorded_says_so():
    slac = SimpleNamespace(sources={"overall": ["derived"], "safeguarding": ["official"]})
    assert sources_in_words(slac) == (
        "Overall effectiveness: the lower of its two overall judgements; judgements: Ofsted's "
        "official statistics"
    )
    assert sources_in_words(SimpleNamespace(sources={})) == "Not recorded"
