"""Simplified Chinese: group thousands with commas, as CLDR does (and so the browser's
Intl.NumberFormat("zh-hans")), so 482,316 USD reads the same on the page and in its scripts.
Django's own zh_Hans formats use no separator; everything else comes from them."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
