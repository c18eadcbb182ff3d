"""The versioned polling plan: the model (:mod:`.model`, with :mod:`.polling` and
:mod:`.delivery`), its wire form (:mod:`.serialize`), its errors, and two views for
people (:mod:`.table`, :mod:`.preview`). It depends only on the leaves ``datefmt`` and
``resources``."""
