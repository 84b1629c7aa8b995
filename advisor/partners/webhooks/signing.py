"""Standard Webhooks signing: new secrets, message ids and the three headers every delivery carries.

https://www.standardwebhooks.com/ : `webhook-id`, `webhook-timestamp` (Unix seconds) and
`webhook-signature`, the base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" under the secret,
prefixed "v1,". Several signatures may be sent, separated by spaces; a receiver accepts the
message if any of them verifies. That is how a rotated secret keeps working for a while.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from datetime import datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # nosec B105: the format's public prefix, not a secret
SECRET_BYTES = 32  # the specification asks for 24 to 64 random bytes


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature_headers(
    *, message_id: str, timestamp: datetime, body: str, secrets_: Iterable[str]
) -> dict[str, str]:
    """The headers of one delivery, signed with each of `secrets_` (current first)."""
    signatures = [
        Webhook(secret).sign(msg_id=message_id, timestamp=timestamp, data=body)
        for secret in secrets_
        if secret
    ]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
