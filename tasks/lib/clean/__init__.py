"""From raw article to clean text: ``article.clean_article`` composes the steps, one module each.

lines (plain text to paragraph lines), html, markdown, embeds (embedded social posts), datelines
(headline, byline, dateline), boilerplate (furniture lines, stray fragments, menu pages), language;
errors holds ``CleanError``.
"""
