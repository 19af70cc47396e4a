"""The spaCy pipeline: loading the model, newsflow's components, the parsing workers."""
