from django.contrib import admin
from django.urls import include, path

from advisor.platform.favicon import favicon
from regions.views import data_report_page

urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/data-report/", admin.site.admin_view(data_report_page), name="admin-data-report"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("advisor.partners.api.urls")),
    path("", include("advisor.web.urls")),
]
