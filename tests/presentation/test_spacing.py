# ruff: noqa: RUF001 (Chinese punctuation is the point)
from __future__ import annotations

from advisor.presentation.spacing import spaced


def test_a_space_goes_between_chinese_and_latin_text_both_ways():
    assert spaced("我们建议Buckeye Robotics落户深圳。") == "我们建议 Buckeye Robotics 落户深圳。"
    assert spaced("东京在10,000次中有83%排名第一") == "东京在 10,000 次中有 83% 排名第一"


def test_text_without_chinese_or_already_spaced_is_unchanged():
    assert spaced("We recommend Tokyo for Acme.") == "We recommend Tokyo for Acme."
    assert spaced("我们建议 Acme 落户深圳") == "我们建议 Acme 落户深圳"
    assert spaced("深圳。Tokyo（东京）") == "深圳。Tokyo（东京）"  # none after Chinese punctuation
