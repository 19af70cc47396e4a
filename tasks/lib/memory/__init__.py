"""What the pipeline remembers across articles and runs: entity resolution, stories, run state."""
