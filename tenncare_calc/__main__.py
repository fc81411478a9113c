"""Run the command line as ``python -m tenncare_calc``."""

from tenncare_calc.cli.own_process import command_line

command_line()
