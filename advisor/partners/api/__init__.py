"""The partner REST API: API keys, partners' cases, bulk submission, signed webhooks, OpenAPI."""
