"""Number and date formats where the project differs from Django's defaults (FORMAT_MODULE_PATH)."""
