"""``SUITES`` maps a suite name (= the table it guards) to its builder."""

from expectations import (
    amounts,
    dates,
    documents,
    embeds,
    entities,
    headline_mentions,
    mentions,
    quotes,
    raw_articles,
    roles,
    stg_articles,
    stories,
)

SUITES = {
    module.__name__.rsplit(".", 1)[1]: module.build_suite
    for module in (raw_articles, stg_articles, documents, entities, mentions, headline_mentions, roles, quotes,
                   amounts, dates, embeds, stories)
}
