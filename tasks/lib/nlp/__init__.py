"""The spaCy pipeline: loading the model, newsflow's components, the parsing workers, a Doc's text read once."""
