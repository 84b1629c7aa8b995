from django.urls import path

from advisor import views

app_name = "advisor"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
]
