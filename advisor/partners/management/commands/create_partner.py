"""`python manage.py create_partner "Name"`: a partner organisation and a new API key for it.

The key is printed alone on the last line (and never stored in the clear), so scripts can take
it with `| tail -n 1`. Run again for an existing partner to issue it another key.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from advisor.partners.models import Partner
from advisor.partners.services.keys import partner_create, partner_key_create, partner_update
from advisor.platform.refusals import refusals_as_command_errors


class Command(BaseCommand):
    help = "Create a partner (or find it by name) and print a new API key on the last line."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="The partner organisation's name.")
        parser.add_argument("--webhook-url", default="", help="Default URL for its webhooks.")
        parser.add_argument(
            "--throttle-rate", default="", help='Its own request budget, e.g. "1200/min".'
        )
        parser.add_argument("--key-name", default="", help="A label for the key (50 characters).")

    @refusals_as_command_errors
    def handle(
        self, *args, name: str, webhook_url: str, throttle_rate: str, key_name: str, **options
    ):
        name = name.strip()
        if not name:
            raise CommandError("give the partner's name")
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            partner = partner_create(
                name=name, webhook_url=webhook_url, throttle_rate=throttle_rate
            )
            self.stdout.write(f"Created partner {partner.name} ({partner.id}).")
            self.stdout.write(
                f"Webhook signing secret (Standard Webhooks): {partner.webhook_secret}"
            )
        else:
            self.stdout.write(f"Partner {partner.name} exists ({partner.id}); issuing another key.")
            changed = partner_update(
                partner=partner,
                webhook_url=webhook_url or None,
                throttle_rate=throttle_rate or None,
            )
            for name in changed:
                self.stdout.write(f"Set its {name.replace('_', ' ')} to {getattr(partner, name)}.")
        _, key = partner_key_create(partner=partner, name=key_name or f"{name} key")
        self.stdout.write("API key (shown once; send it as `Authorization: Api-Key <key>`):")
        self.stdout.write(key)
