"""Räkenskaper: the nightly reporting warehouse for a Swedish municipal body's financial statements."""

__version__ = "0.1.0"
