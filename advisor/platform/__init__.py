"""Site-wide plumbing every face relies on and none owns: the client's address, the admin login
lockout page, the one answer to a database that went away (503), the health check, number
formats per language, and the history admin that never writes a past version back."""
