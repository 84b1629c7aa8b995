"""Free text people type (a startup's name, where it is based, an advisor's reason): what escaping
on the pages does not cover.

Escaping stops markup, but not characters that make text display as something else or that the
database refuses: control characters (PostgreSQL rejects NUL in text), halves of UTF-16 surrogate
pairs (they cannot be encoded to UTF-8 at all), the bidirectional overrides and isolates that make
"Acme<RLO>fdp.exe" read as "Acmeexe.pdf" in the advisors' list ("Trojan Source"), and names made
only of invisible characters. Right-to-left text itself, the left-to-right and right-to-left marks,
zero-width joiners (emoji, Indic and Persian scripts) and look-alike letters from other alphabets
are ordinary text and stay.

"Invisible" is more than the format and space categories: some letters and symbols draw nothing
(the Hangul fillers, the blank Braille pattern), and combining marks draw only on a letter before
them, so a name of nothing else shows as blank. The line and paragraph separators (U+2028, U+2029)
break a line as a newline does, so one-line text refuses them as it refuses newlines.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and symbols that draw nothing: Hangul choseong and jungseong fillers, the Hangul
# filler, the halfwidth Hangul filler, the blank Braille pattern.
BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Categories that draw nothing on their own: format, control, separators, combining marks.
INVISIBLE_CATEGORIES = frozenset(("Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"))
LINE_SEPARATORS = frozenset("\u2028\u2029")
# Any character text_problem may refuse in one-line text but the blank ones: a quick first pass
# over a column of thousands of cells, so that text_problem reads only the few it matches.
SUSPICIOUS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(cell: Any) -> Any:
    """A cell for a CSV file people open in a spreadsheet: text a spreadsheet would run as a
    formula (`=HYPERLINK(...)`, `+cmd`, `@SUM(1)`) gets a leading apostrophe, which shows it as
    the text it is; anything else is kept."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def _visible(character: str) -> bool:
    return (
        not character.isspace()
        and character not in BLANK_CHARACTERS
        and unicodedata.category(character) not in INVISIBLE_CATEGORIES
    )


def text_problem(value: str, *, label: str, multiline: bool = False) -> str | None:
    """Why `value` cannot be kept as typed, in words for the person who typed it; else None.
    Empty text is the caller's business (a field may be optional)."""
    if any("\ud800" <= character <= "\udfff" for character in value):
        return f"{label} contains characters that are not valid text"
    allowed = "\n\r\t" if multiline else ""
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in value):
        return f"{label} cannot contain control characters"
    if not multiline and any(character in LINE_SEPARATORS for character in value):
        return f"{label} cannot contain line breaks"
    if any(character in BIDI_CONTROLS for character in value):
        return f"{label} cannot contain text-direction override characters"
    if value and not any(_visible(character) for character in value):
        return f"{label} must contain visible characters"
    return None
