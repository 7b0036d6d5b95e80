from django.urls import path

from newsdesk.channels.websub import views

app_name = "websub"

urlpatterns = [
    path("websub/callback/<int:subscription_id>/", views.callback, name="callback"),
]
