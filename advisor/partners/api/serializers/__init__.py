"""What the partner API reads and answers, field by field, for the OpenAPI schema: case
submissions (submissions.py; their rules are the one input checker's, which they delegate to),
cases as read (cases.py, built by advisor.partners.documents), regions and the vocabulary
(regions.py), and problem details (problems.py). The schema test holds them to the running
API."""
