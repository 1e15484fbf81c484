"""Maps and network pictures (pyvis) built from the compiled graph (a later issue)."""
