"""Gap analysis for commissioners: one module per kind of gap."""
