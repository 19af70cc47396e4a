"""The spaCy pipeline: loading the model (its attribute ruler and lemmatizer sped up, same output), newsflow's
components, the parsing workers, a Doc's text read once."""
