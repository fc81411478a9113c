"""Outputs: results rendered as text, Markdown, HTML, CSV, DataFrames, Excel workbooks and charts.

The rule packages describe a result as parts (:mod:`tenncare_calc.core.parts`), formula templates
(:mod:`tenncare_calc.core.formulas`) and a chart description (:mod:`tenncare_calc.core.charts`);
the modules here render them. Importing this package installs them as the surfaces every result
renders through.
"""

from tenncare_calc.outputs.surfaces import install

install()
