"""URLs of the pair space; names are prefixed ``pair_`` within ``mentoring:``."""

from django.urls import path

urlpatterns: list = []
