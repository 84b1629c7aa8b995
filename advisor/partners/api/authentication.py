"""Partners authenticate with `Authorization: Api-Key <key>` (djangorestframework-api-key)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework_api_key.permissions import KeyParser

from advisor.partners.models import PartnerAPIKey


class PartnerKeyAuthentication(BaseAuthentication):
    """Finds the partner's key by its prefix and checks the rest against the stored hash.

    A partner is not a user: request.user stays anonymous (so nothing mistakes a partner for a
    staff member, and history rows record no user); request.auth is the PartnerAPIKey.
    """

    keyword = "Api-Key"
    parser = KeyParser()

    def authenticate(self, request):
        key = self.parser.get(request)
        if not key:
            return None  # no credentials: 401 from the permission check
        if "\x00" in key or len(key) > 200:
            raise exceptions.AuthenticationFailed("The API key is not valid.")
        try:
            api_key = PartnerAPIKey.objects.get_from_key(key.strip())
        except PartnerAPIKey.DoesNotExist:
            raise exceptions.AuthenticationFailed(
                "The API key is not valid or was revoked."
            ) from None
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed("The API key has expired.")
        return (AnonymousUser(), api_key)

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) without credentials, with the scheme to use.
        return f'{self.keyword} realm="api"'


class IsPartner(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PartnerAPIKey)
