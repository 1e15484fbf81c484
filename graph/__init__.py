"""Where the data lives: the RDF store, the compiled model built from it, and
the algorithms (eligibility, pathways, gaps) that answer questions over it."""
