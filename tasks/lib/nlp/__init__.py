"""The spaCy pipeline: loading the model (its ner fine-tuned: ner_weights), newsflow's components, workers."""
