"""The templates shipped with evcat, importable as the package ``generator.templates``.

This file makes ``templates/`` a regular package (pyproject.toml maps it to ``generator.templates``), so
``importlib.resources.files("generator.templates")`` returns the real folder from an installed wheel and from
an editable install alike. As a namespace package it returned no usable folder, and both the page renderer and
the snippet generator fell back to a ``templates/`` folder beside the package, which exists only in a checkout.
"""
