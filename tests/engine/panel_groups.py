"""The groups of regions the expert panel's answers name."""

from __future__ import annotations

MAINLAND = ("shenzhen", "beijing", "shanghai", "hangzhou", "guangzhou")
JAPAN = ("tokyo", "osaka", "nagoya")
US = ("sf-bay-area", "boston", "new-york")
CONTINENTAL_EU = ("berlin", "munich", "paris", "amsterdam", "stockholm")
SEA = ("singapore", "jakarta", "ho-chi-minh-city", "bangkok")
