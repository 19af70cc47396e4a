"""The warehouse and its contract: tables.py (every table's schema, the one source), labels.py (the entity label
groups), sql/ (views and queries), store.py (DuckLake connections and the one-transaction load), location.py
(a directory or a PostgreSQL + S3 URL), pg_lock.py (the writer lock on PostgreSQL), docs.py (the table reference)."""
