"""Sphinx configuration: MyST Markdown, furo, autodoc from the public facade, doctests.

Build:   sphinx-build -W --keep-going -b html docs docs/_build/html
Doctest: sphinx-build -W --keep-going -b doctest docs docs/_build/doctest

The extensions in ``_ext/`` write ``data/`` (pages and pictures from the shipped data), the API
reference, the data schema and the command-line reference while the build runs.
"""

from __future__ import annotations

import sys
from importlib.metadata import version as _package_version
from pathlib import Path

import soviet_dprk

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "soviet_dprk"
author = "soviet_dprk developers"
copyright = "soviet_dprk developers"  # noqa: A001 - the name Sphinx reads
release = _package_version("soviet-dprk")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sd_pages",
    "sd_reference",
    "sd_cli",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# data/_*.md are generated fragments that other pages include.
exclude_patterns = ["_build", "_inventories", "_ext", "data/_*.md", "Thumbs.db", ".DS_Store"]

# Quotes from the sources are verbatim: no typographic rewriting of quotes or dashes.
smartquotes = False

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3
myst_substitutions = {"latest": soviet_dprk.versions()[-1]}

# In docstrings, `name` is a reference to a Python object, as in attrs' and cattrs' docs.
default_role = "py:obj"

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
python_use_unqualified_type_names = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Attributes: sections become fields of the class, not separate entries that would clash
# with the members autodoc documents.
napoleon_use_ivar = True

# The inventories are read from copies in _inventories/ (from Debian's python3.11-doc,
# python-attr-doc and python-cattrs-doc), so the build needs no network; links still point at
# the projects' own sites.
_inventories = Path(__file__).parent / "_inventories"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", str(_inventories / "python.inv")),
    "attrs": ("https://www.attrs.org/en/stable", str(_inventories / "attrs.inv")),
    "cattrs": ("https://catt.rs/en/stable", str(_inventories / "cattrs.inv")),
}

# Doctests: only the {doctest} blocks of the pages. Docstring examples run under pytest
# (--doctest-modules), each in its module's namespace, which a docs build does not give them.
doctest_test_doctest_blocks = ""

html_theme = "furo"
html_title = f"soviet_dprk {release}"
html_static_path = ["_static"]
html_css_files = ["soviet-dprk.css"]
html_theme_options = {"navigation_with_keys": True}
html_last_updated_fmt = None
