from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Children's services inspections: data entry"
admin.site.site_title = "Inspections admin"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="authorities:list"), name="home"),
    path("authorities/", include("authorities.urls")),
    path("admin/", admin.site.urls),
]
