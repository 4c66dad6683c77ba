from django.urls import path

from . import views

app_name = "authorities"
urlpatterns = [
    path("", views.authority_list, name="list"),
    path("<slug:slug>/", views.authority_detail, name="detail"),
    path("<slug:slug>/trajectory.csv", views.trajectory_csv, name="trajectory-csv"),
]
