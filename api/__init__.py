"""How data goes out over HTTP: the FastAPI app and its Open Referral UK surface
(a later issue). The same core serves the CLI and the app."""
