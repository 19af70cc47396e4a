"""The spaCy pipeline: loading the model (its ner fine-tuned: ner_weights; its attribute ruler and lemmatizer
sped up, same output), newsflow's components, the parsing workers, a Doc's text read once, and words the tokenizer
splits at a hyphen (hyphens)."""
