"""claimtrack: track check-worthy claims across Arabic and English news.

Importing this package is cheap: no duckdb, torch or textual until a function needs them.
"""

__version__ = "0.1.0"
