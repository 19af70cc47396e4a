"""Reading articles from files and records: ``readers.read_path`` gives one ``RawArticle`` or
``Rejected`` (raw) per record.

discovery (paths, folders, globs to files), decoding (bytes to text), json_records (JSON and JSONL
records and their fields), published (publication dates from metadata).
"""
