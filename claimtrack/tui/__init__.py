"""The review app (``claimtrack review``): a Textual front end over ``claimtrack.api``.

Importing this package loads Textual; the CLI imports it only inside the ``review``
command so that ``claimtrack --help`` stays light.
"""

from claimtrack.tui.app import ReviewApp, make_app

__all__ = ["ReviewApp", "make_app"]
