"""The JSON API for integrations; its OpenAPI schema is at /api/openapi.json.

Each app mounts its router through its contributions (``registry.api_routers``).
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from huddle.lib import registry

api = NinjaAPI(
    title="Huddle API",
    version="1",
    description="Read and act on Huddle data with the rights of the signed-in person.",
    auth=django_auth,
    urls_namespace="api",
)

for mount in registry.api_routers.items():
    api.add_router(mount.prefix, mount.router)
