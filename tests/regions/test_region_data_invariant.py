"""The region data stays scorable: the service the region admin (and any other writer) keeps."""

from __future__ import annotations

import pytest
from django.db import transaction

from advisor.errors import Code, DomainError
from regions.models import IndicatorValue
from regions.services import region_data_check, region_data_kept_scorable

pytestmark = pytest.mark.django_db


def required_figure() -> IndicatorValue:
    return IndicatorValue.objects.get(region__slug="tokyo", indicator__slug="engineer_cost_usd")


def test_the_loaded_data_passes_the_check(region_data):
    region_data_check()


def test_data_missing_a_required_figure_is_refused_with_the_reason(region_data):
    required_figure().delete()
    with pytest.raises(DomainError) as refused:
        region_data_check()
    assert refused.value.code == Code.UNSCORABLE_DATA
    assert refused.value.message


def test_an_edit_that_breaks_scorable_data_is_refused_and_can_be_rolled_back(region_data):
    figure = required_figure()
    kept = figure.pk
    with pytest.raises(DomainError), transaction.atomic(), region_data_kept_scorable():
        figure.delete()
    assert IndicatorValue.objects.filter(pk=kept).exists()


def test_data_already_unscorable_is_not_guarded_so_it_can_be_repaired_an_edit_at_a_time(
    region_data,
):
    required_figure().delete()
    with region_data_kept_scorable():
        IndicatorValue.objects.filter(region__slug="tokyo").first().delete()
