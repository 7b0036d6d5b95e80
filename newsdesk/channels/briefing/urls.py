from django.urls import path, re_path

from newsdesk.channels.briefing import views

app_name = "briefing"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscribe/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("briefing/", views.latest, name="latest"),
    re_path(r"^briefing/(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})/$", views.day, name="day"),
]
