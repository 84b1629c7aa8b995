"""The expert panel: profiles a site-selection adviser would answer the same way, with the set of
answers they would sign and why, written from the seeds, the sources and how advisers argue
(customers first, then money the startup can bank, then the rules that bind it) before the engine's
output was looked at. If the engine leaves a set, the model or the data is wrong, not the panel.
"""

from __future__ import annotations

from tests.engine.expert_panel_asia import ASIA
from tests.engine.expert_panel_elsewhere import ELSEWHERE

# (name, profile, acceptable answers, reason), in two files by where the customers are
PANEL: list[tuple[str, dict, tuple[str, ...], str]] = [*ASIA, *ELSEWHERE]
