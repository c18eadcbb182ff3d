"""Sage ID OAuth for the native transport.

tokens.py     the Tokens value and the TokenStore protocol (a database store slots in)
filestore.py  the auth file: 0600 atomic writes, a cross-process lock, the profile
oauth.py      the token endpoint: code exchange and refresh (rotation-safe)
session.py    access tokens for requests: refresh before expiry and once on a 401
pkce.py       PKCE verifier/challenge and state
login.py      the authorization-code flow with a loopback redirect server
"""
