"""How the poller reads a page of records: one transport per module.

:mod:`.base` holds the :class:`~.base.Transport` protocol and the values it
returns; :mod:`.fetch` the retried JSON GET every HTTP transport shares;
:mod:`.hub` talks to a Cloud Elements-style hub.
"""
