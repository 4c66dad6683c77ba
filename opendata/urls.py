from django.urls import path
from django.views.decorators.http import require_safe

from dashboard.downloads import refusing_bad_queries

from .feeds import ChangesFeed, IndexFeed

app_name = "opendata"
urlpatterns = [
    path("feeds/changes/", require_safe(ChangesFeed()), name="feed"),
    path("feeds/regions/<str:region>/", require_safe(ChangesFeed()), name="feed-region"),
    path("feeds/authorities/<slug:slug>/", require_safe(ChangesFeed()), name="feed-authority"),
    path("feeds/index/", require_safe(refusing_bad_queries(IndexFeed())), name="feed-index"),
]
