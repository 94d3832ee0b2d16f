"""The optional C scanner (checker/_scan.c); everything else is declared in pyproject.toml.

`optional=True`: without a compiler the install still works and connfail reads with msgspec
alone (the same reports, slower).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("checker._scan", ["checker/_scan.c"], optional=True)])
