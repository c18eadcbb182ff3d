"""HTTP for the runtime: one client (``http.client`` for GETs, :mod:`.wire` for
callback POSTs), the :class:`~.reply.Reply` value, and the URL policy."""
