from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Emulation and commendation portal – administration")
admin.site.site_title = _("Thi đua")

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("units/", include("orgunits.urls")),
    path("people/", include("people.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("documents/", include("documents.urls")),
    path("reports/", include("reports.urls")),
    path("events/", include("events.urls")),
    path("awards/", include("awards.urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
