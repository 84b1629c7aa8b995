"""Chinese text beside Latin text: a space between them, as Chinese typesetting guidelines ask
(W3C "Requirements for Chinese Text Layout", section 3.2.2: spacing between Han and Western
characters), so "我们建议Buckeye Robotics落户深圳" reads "我们建议 Buckeye Robotics 落户深圳"."""

from __future__ import annotations

import re

# Han ideographs (with extension A and the compatibility block), kana and hangul; never CJK
# punctuation, after which Chinese puts no space ("。Tokyo" stays as it is).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# Latin letters (with accents) and digits, and the signs that open or close a Latin run.
_LATIN = "A-Za-z0-9\u00c0-\u024f"
_CJK_THEN_LATIN = re.compile(f"([{_CJK}])([{_LATIN}$(])")
_LATIN_THEN_CJK = re.compile(f"([{_LATIN}%)])([{_CJK}])")


def spaced(text: str) -> str:
    """`text` with one space wherever a Chinese (or Japanese, Korean) character touches a Latin
    letter or digit; text without CJK characters comes back unchanged."""
    text = _CJK_THEN_LATIN.sub(r"\1 \2", text)
    return _LATIN_THEN_CJK.sub(r"\1 \2", text)
