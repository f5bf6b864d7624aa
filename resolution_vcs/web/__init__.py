"""The web app (``resvcs serve``): a thin face over the library, as the command line is.

:mod:`.app` builds the Starlette app; :mod:`.pages` and :mod:`.actions` are its
routes; :mod:`.site` holds the repository; :mod:`.auth` sessions and checks.
"""
