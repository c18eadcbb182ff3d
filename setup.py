"""Package list for the ``compiler/`` -> ``sage200cfg`` mapping.

setuptools' ``find`` cannot rename a folder, so the subpackages are listed here;
``schemas/`` and ``templates/`` ride along as data packages inside the wheel.
"""

from __future__ import annotations

from setuptools import find_packages, setup

setup(
    packages=[
        "sage200cfg",
        *(f"sage200cfg.{name}" for name in find_packages("compiler")),
        "sage200cfg.schemas",
        "sage200cfg.templates",
    ],
    package_dir={
        "sage200cfg": "compiler",
        "sage200cfg.schemas": "schemas",
        "sage200cfg.templates": "templates",
    },
    package_data={
        "sage200cfg": ["py.typed"],
        "sage200cfg.runtime.simulator": ["*.json"],
        "sage200cfg.runtime.store": ["migrations/*.sql"],
        "sage200cfg.schemas": ["*.json"],
        "sage200cfg.templates": ["*.j2"],
    },
)
