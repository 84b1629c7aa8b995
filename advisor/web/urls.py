from django.urls import path

from advisor.web import views

app_name = "advisor"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
    path("cases/<uuid:case_id>/status/", views.case_status, name="case-status"),
    path("cases/<uuid:case_id>/retry/", views.case_retry, name="case-retry"),
    path("cases/<uuid:case_id>/what-if/", views.case_what_if, name="case-what-if"),
    path("cases/<uuid:case_id>/compare/", views.case_compare, name="case-compare"),
    path("cases/<uuid:case_id>/duplicate/", views.case_duplicate, name="case-duplicate"),
    path("cases/<uuid:case_id>/renew-link/", views.case_link_renew, name="case-renew-link"),
]
