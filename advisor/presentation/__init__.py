"""How a result is worded and drawn for any reader: the one label table, numbers in the reader's
language, the explanation renderer (which also writes the stored English explanation) and the
score chart. The founder pages, the admin, the partner API and the case services all use these,
so they live below every face; they read no model and call no service."""
