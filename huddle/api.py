"""The JSON API for integrations; its OpenAPI schema is at /api/openapi.json."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Huddle API",
    version="1",
    description="Read and act on Huddle data with the rights of the signed-in person.",
    auth=django_auth,
    urls_namespace="api",
)

api.add_router("/me", "huddle.accounts.api.router")
api.add_router("/notifications", "huddle.notifications.api.router")
api.add_router("/mentoring", "huddle.mentoring.api.router")
