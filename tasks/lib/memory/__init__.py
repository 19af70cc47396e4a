"""What the pipeline remembers across articles and runs: entity resolution (names, entity_keys, profile_index,
resolve), stories (story_*), and the run's cross-batch state (state)."""
