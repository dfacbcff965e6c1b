"""No package's __init__ and one of its own modules import each other.

`./hub lint` (import-linter's acyclic_siblings contract in pyproject.toml) finds cycles between
the modules and subpackages of a package, but it does not see a package's own __init__: the
cycle `community_hub/seed/__init__` ↔ `community_hub/seed/property` (issue #10) passed it. This
test looks for exactly that, with the same import graph (grimp, import-linter's engine).
"""

from __future__ import annotations

import grimp

ROOTS = ("community_hub", "state", "components", "hardware_bridge")


def test_no_package_and_its_own_module_import_each_other():
    graph = grimp.build_graph(*ROOTS, cache_dir=None)
    cycles = []
    for package in sorted(graph.modules):
        for module in sorted(graph.find_descendants(package)):
            there = graph.find_shortest_chain(importer=package, imported=module, as_packages=False)
            if there and (back := graph.find_shortest_chain(importer=module, imported=package, as_packages=False)):
                cycles.append(" -> ".join(there) + " -> " + " -> ".join(back[1:]))
    assert not cycles, "import cycles through a package's __init__:\n  " + "\n  ".join(cycles)
