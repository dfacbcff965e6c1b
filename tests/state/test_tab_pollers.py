"""Whether a tab's socket is open on this worker (state/shared/tab_pollers.connected): asked at
every watcher's wake, answered from Reflex's socket table without copying it."""

from __future__ import annotations

from types import SimpleNamespace

from reflex.utils.token_manager import LocalTokenManager
from reflex_base.registry import RegistrationContext

from state.shared import tab_pollers


class _Namespace:
    def __init__(self, manager):
        self._token_manager = manager

    @property
    def token_to_sid(self):
        raise AssertionError("the whole socket table was copied to answer one tab")


def test_a_tab_is_connected_while_its_socket_is_in_the_table(monkeypatch):
    manager = LocalTokenManager()
    manager.token_to_socket.update({f"tab-{i}": SimpleNamespace(sid=f"sid-{i}") for i in range(500)})
    app = SimpleNamespace(event_namespace=_Namespace(manager))
    monkeypatch.setattr(RegistrationContext, "get", classmethod(lambda cls: SimpleNamespace(app=app)))
    assert tab_pollers.connected("tab-7")
    assert not tab_pollers.connected("tab-gone")
    del manager.token_to_socket["tab-7"]  # the tab closed
    assert not tab_pollers.connected("tab-7")


def test_reflex_keeps_the_table_this_reads():
    # `connected` falls back to the copying property if a Reflex upgrade renames the table.
    assert isinstance(LocalTokenManager().token_to_socket, dict)
