from django.urls import path

from newsdesk.api import views

app_name = "api"

urlpatterns = [
    path("articles/", views.article_list, name="articles"),
    # <str:…>, not <slug:…>: any path segment reaches the view and gets a JSON 404.
    path("articles/<str:slug>/", views.article_detail, name="article"),
    path("search/", views.search, name="search"),
    path("sources/", views.sources, name="sources"),
    path("openapi.json", views.openapi, name="openapi"),
]
