"""Story URLs under /stories/: writing, your stories, the feed and search. The story pages
themselves are Wagtail's (the root URLs' catch-all)."""

from django.urls import path

from community.input import converters  # noqa: F401 - registers <id:...>

from . import views
from .feeds import StoryFeed

app_name = "stories"

urlpatterns = [
    path("write/", views.write, name="write"),
    path("mine/", views.mine, name="mine"),
    path("mine/<id:pk>/", views.submission, name="submission"),
    path("mine/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("mine/<id:pk>/renew/", views.renew, name="renew"),
    path("mine/<id:pk>/consent/", views.consent, name="consent"),
    path("mine/<id:pk>/receipt/", views.receipt, name="receipt"),
    path("feed/", StoryFeed(), name="feed"),
    path("search/", views.search, name="search"),
]
