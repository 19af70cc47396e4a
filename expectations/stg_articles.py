"""Suite for clean's output: cleaned text that is real prose, not boilerplate."""

import great_expectations as gx

from expectations.structural import suite_for
from warehouse.tables import STG_ARTICLES


def build_suite() -> gx.ExpectationSuite:
    return suite_for(STG_ARTICLES, [
        # One word is a headline or a leftover menu item, not an article.
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="word_count", min_value=2, meta={"severity": "record", "why": "no article text left"}),
        # Prose has most of its characters in sentence-length lines; a page whose cleaned text is mostly
        # short lines (menus, link lists, captions) was not cleaned. 0.6 leaves room for list-heavy articles.
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="short_line_share", max_value=0.6,
            meta={"severity": "record", "why": "cleaned text is mostly boilerplate-like short lines"}),
        gx.expectations.ExpectColumnValuesToMatchRegex(
            column="doc_id", regex=r"^[0-9a-f]{16}$", meta={"severity": "record", "why": "16-hex content hash"}),
    ])
