"""The model layer: small protocols (Painter, Describer, Embedder, chat model) and their backends."""
