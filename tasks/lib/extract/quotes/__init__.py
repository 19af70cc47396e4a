"""Quotations and their speakers: marks, cues, layouts, speakers, statements."""
