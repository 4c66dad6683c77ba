"""Atom feeds of newly published inspections and visits: for England, a region, an authority.

/feeds/changes/ · /feeds/regions/<code>/ (e.g. GL) · /feeds/authorities/<slug>/ ·
/feeds/index/?<the index's filters> (e.g. ?left_inadequate=on: a report that takes an authority
out of inadequate appears there; a filter the index refuses is a 400, as its downloads are)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from authorities.models import Authority, Region
from dashboard import provenance
from dashboard.downloads import with_query
from dashboard.newest import Change, latest_changes
from dashboard.queries import IndexQuery
from dashboard.site import absolute

FEED_ENTRIES = 50
#: What XML 1.0 cannot hold (a search text may carry it): left out of a feed's title.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SITE_NAME = "Children's services inspections in England"


@dataclass(frozen=True)
class Scope:
    name: str
    page: str
    region: str | None = None
    authority: Authority | None = None
    among: QuerySet[Authority] | None = None


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are text (type="text"), not HTML.

    Django's Atom1Feed writes every summary as type="html", which a feed reader renders: an
    editor's theme or findings holding `<a href=…>` would become a live link. Ours are plain
    text by construction (names, themes, findings, a URL), so they are declared as such and
    every reader shows them as typed. Entry and feed titles are Atom's default, text, already.
    """

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:  # an entry's elements are unordered (RFC 4287 4.1.2)
            handler.addQuickElement("summary", summary, {"type": "text"})


class ChangesFeed(Feed):
    feed_type = PlainTextAtomFeed
    author_name = SITE_NAME

    def get_object(self, request: HttpRequest, region: str = "", slug: str = "") -> Scope:
        self.request = request
        if slug:
            authority = get_object_or_404(Authority, slug=slug)
            return Scope(authority.name, authority.get_absolute_url(), authority=authority)
        if region:
            if region.upper() not in Region.values:
                raise Http404(f"No region with the code {region}.")
            code = region.upper()
            index = f"{reverse('index')}?region={code}"
            return Scope(Region(code).label, index, region=code)
        return Scope("England", reverse("home"))

    def title(self, scope: Scope) -> str:
        return f"{SITE_NAME}: new inspections and visits ({scope.name})"

    # Every link absolute from the site's address (dashboard/site.py), never from the request's
    # Host header, which Django's syndication framework would otherwise use.
    def link(self, scope: Scope) -> str:
        return absolute(scope.page, self.request)

    def feed_url(self, scope: Scope) -> str:
        return absolute(self.request.path, self.request)

    def subtitle(self, scope: Scope) -> str:
        return f"Newly published Ofsted inspections and visits. Source: {provenance.SOURCE}."

    def items(self, scope: Scope) -> list[Change]:
        return latest_changes(
            limit=FEED_ENTRIES, region=scope.region, authority=scope.authority, among=scope.among
        )

    def item_title(self, change: Change) -> str:
        return change.title

    def item_description(self, change: Change) -> str:
        report = f" Report: {change.report_url}" if change.report_url else ""
        return change.summary + report

    def item_link(self, change: Change) -> str:
        return absolute(change.url, self.request)

    def item_guid(self, change: Change) -> str:
        # Stable whatever the host or the page's layout: the record's kind and id.
        return f"tag:children-services-inspections,2026:{change.kind}/{change.pk}"

    def item_pubdate(self, change: Change) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(change.on, dt.time()))

    def item_updateddate(self, change: Change) -> dt.datetime:
        return self.item_pubdate(change)  # Atom requires it of every entry

    def item_categories(self, change: Change) -> list[str]:
        return [change.kind, change.authority.get_region_display()]


class IndexFeed(ChangesFeed):
    """The new inspections and visits of the authorities an index filter matches now."""

    def get_object(self, request: HttpRequest) -> Scope:
        self.request = request
        query = IndexQuery.from_request(request.GET, strict=True)  # QueryProblem: a 400
        page = with_query(reverse("index"), query.applied)
        described = ", ".join(f"{k}={v}" for k, v in query.applied.items()) or "every authority"
        described = NOT_XML.sub("", described)
        among = query.authorities().order_by().values("pk")
        return Scope(f"authorities where {described}", page, among=among)
