from django.urls import path

from newsdesk.web import views

app_name = "web"

urlpatterns = [
    path("", views.index, name="index"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("articles/<slug:slug>.json", views.article_json, name="article-json"),
]
