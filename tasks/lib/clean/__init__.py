"""From raw article to clean text: HTML, boilerplate, datelines, embedded posts."""
