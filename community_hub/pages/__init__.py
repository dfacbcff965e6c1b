"""Pages: layout and bindings only, one module per screen, grouped by shell.

Every module under this package is imported at start-up (its @rx.page decorators register the
routes), so adding a screen needs no edit to a shared file.
"""

import importlib
import pkgutil


def register_all_pages() -> None:
    for module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        importlib.import_module(module.name)
