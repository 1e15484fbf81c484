"""linkwork: a knowledge graph of services and community assets for people in
recovery and people leaving criminal justice.

Data comes in through :mod:`linkwork.loaders`, lives in :mod:`linkwork.graph`,
is described by :mod:`linkwork.ontology`, and goes out through
:mod:`linkwork.api` and :mod:`linkwork.viz`.
"""
from linkwork.errors import LinkworkError, LoadError, SourceErrors

__version__ = "0.1.0"
__all__ = ["LinkworkError", "LoadError", "SourceErrors", "__version__"]
