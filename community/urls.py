from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("need-help-now/", views.help_fallback, name="help"),
    # Browsers ask for it on every new tab; answering saves a 404 page render each time.
    path("favicon.ico", views.favicon),
    path("notifications/", views.notifications, name="notifications"),
    path("api/drafts/<str:slot>/", views.draft, name="draft"),
]
