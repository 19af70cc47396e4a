"""Great Expectations suites, one per stage output and per table, built in code (see ``suites``).

Nothing is imported here, so the flow can use ``drift`` without importing Great Expectations.
"""
