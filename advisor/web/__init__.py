"""The founder pages: the profile form, the case page and its what-if, with their templates and
static files."""
