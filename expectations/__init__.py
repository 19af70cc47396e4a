"""Great Expectations suites, one per stage output and per table, built in code (``suites`` maps a table to its
builder), and what runs them: structural (checks derived from ``warehouse.tables``), offsets, frames (derived check
columns), runner (one suite on one frame), gate (quarantine and fail decisions), drift, data_docs. Allowed labels
come from ``warehouse.labels``: expectations import only ``warehouse``, never ``tasks``.

Nothing is imported here, so the flow can use ``drift`` without importing Great Expectations.
"""
