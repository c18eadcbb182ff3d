"""Durable runtime state behind one small interface: :mod:`.base` (the
interface and its values), :mod:`.sqlite` (the embedded single-node store)."""
