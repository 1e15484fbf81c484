"""How data goes out: exporters and the HTTP API with its Open Referral UK surface
(later issues). The same core object serves the CLI and the app."""
