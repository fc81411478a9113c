"""Doctest set-up for the pages in docs/: none. Every page imports what its examples use.

A reader copies an example into a Python prompt or a notebook; a name the page did not import
there (``tc``, ``Decimal``, ``date``) would be a ``NameError``, so the doctests run with no names
given, as the reader's prompt has none.
"""
