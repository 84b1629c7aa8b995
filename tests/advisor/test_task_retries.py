"""The retry policy of the scoring tasks (the retries themselves run in tests/reliability)."""

from __future__ import annotations

from advisor.tasks import TRANSIENT_ERRORS, score_case, score_cases


def test_a_bulk_batch_is_retried_as_a_single_case_is_from_the_same_settings(settings):
    for task in (score_case, score_cases):
        assert task.autoretry_for == TRANSIENT_ERRORS
        assert task.max_retries == settings.SCORING_MAX_RETRIES
        assert task.retry_backoff == settings.SCORING_RETRY_BACKOFF
        assert task.default_retry_delay == settings.SCORING_RETRY_BACKOFF
        assert task.retry_backoff_max == settings.SCORING_RETRY_BACKOFF_MAX
