"""HTTP for the runtime: one client over lean kept-alive connections (:mod:`.wire`),
the :class:`~.reply.Reply` value, and the URL policy."""
