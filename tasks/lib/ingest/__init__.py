"""Reading articles from files and records: formats, encodings, one record per article."""
