"""Events other apps may react to without the case services knowing about them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once the transaction that finished them has committed, with `case_ids`: the ids (str) of
# cases that just reached `done` or `failed`. One signal per scoring batch, not per case, so a
# receiver can handle a thousand cases with a few queries. The partner API sends its webhooks
# from here (advisor/partners/apps.py).
cases_finished = Signal()
