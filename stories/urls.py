"""Story URLs under /stories/: writing, your stories, the feed, search, then every story page
through the visitors' cache."""

from django.urls import path, re_path

from . import views
from .feeds import StoryFeed

app_name = "stories"

urlpatterns = [
    path("write/", views.write, name="write"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.submission, name="submission"),
    path("mine/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("mine/<int:pk>/renew/", views.renew, name="renew"),
    path("mine/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("feed/", StoryFeed(), name="feed"),
    path("search/", views.search, name="search"),
    re_path(r"^(?P<path>(?:[-\w]+/)*)$", views.story_page, name="page"),
]
