"""The core: exact values, errors, explanations, and the neutral description of a result.

Every other layer builds on these modules and none of them imports another layer: ``values``
(exact money, rates and counts), ``errors`` (the one error hierarchy), ``explanation`` (cited
plain-text explanations), ``parts`` (a result's named tables of typed columns, and the surfaces
registry the outputs install), ``presentable`` (every surface from ``tables()``), ``formulas``
(live spreadsheet formula templates), ``charts`` (chart descriptions), ``thresholds`` (a standard's
line as one value), ``choices`` (a value read as one of a few options, as a table's column is) and
``exports`` (lazy re-exports of a package's names).
"""
