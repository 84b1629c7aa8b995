"""The advisors' workspace in the Django admin: cases (cases.py), their filters (filters.py)
and the review actions and buttons (review.py). Importing the package registers them."""

from advisor.admin import cases  # noqa: F401
