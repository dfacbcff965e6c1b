"""Host names bound to a community's front or a shop (`maple.example.org` -> /c/maple-court).

Platform admins bind, switch on and off, and remove; the HTTP layer (api/public_site.py) asks
`target_of(host)` on each request for `/`, the sitemap and robots, without an actor: where a host
leads is public (the page it leads to is public too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.models import Community, Merchant
from community_hub.models.site import HostBinding

# A DNS name: labels of letters, digits and hyphens (not at either end), at least two labels.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOST_RE = re.compile(rf"^{_LABEL}(\.{_LABEL})+$")
MAX_HOST = 253


@dataclass(frozen=True)
class BindingView:
    id: int
    host: str
    target: str  # the path the host's front page is (/c/maple-court, /shop/corner-grocer)
    target_name: str  # the community's or the shop's name
    enabled: bool


def normalize_host(text: object) -> str:
    """`Maple.Example.org:443` -> `maple.example.org`; a bad name is refused with a message."""
    host = str(text or "").strip().lower().rstrip(".")
    if ":" in host:
        host, _, port = host.rpartition(":")
        if not port.isdigit():
            raise ServiceError(phrase("Enter a host name such as maple.example.org."), code="bad_host")
    if not host or len(host) > MAX_HOST or not HOST_RE.match(host):
        raise ServiceError(phrase("Enter a host name such as maple.example.org."), code="bad_host")
    return host


def _path_of(db: Session, b: HostBinding) -> tuple[str, str]:
    if b.community_id is not None:
        c = db.get(Community, b.community_id)
        return (f"/c/{c.slug}", c.name) if c else ("", "")
    m = db.get(Merchant, b.merchant_id)
    return (f"/shop/{m.slug}", m.name) if m else ("", "")


def _view(db: Session, b: HostBinding) -> BindingView:
    path, name = _path_of(db, b)
    return BindingView(b.id, b.host, path, name, b.enabled)


def bind_host(db: Session, actor: Actor, host: object, *, community_slug: str = "", shop_slug: str = "") -> BindingView:
    """Bind `host` to one community (by slug) or one shop (by slug). A host already bound is refused."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    name = normalize_host(host)
    community_slug, shop_slug = str(community_slug or "").strip()[:60], str(shop_slug or "").strip()[:60]
    if bool(community_slug) == bool(shop_slug):
        raise ServiceError(phrase("Choose a community or a shop for the host name, not both."), code="bad_target")
    if db.exec(select(HostBinding.id).where(HostBinding.host == name)).first() is not None:
        raise ServiceError(phrase("{host} is already bound. Remove that binding first.", host=name), code="host_taken")
    binding = HostBinding(host=name)
    if community_slug:
        c = db.exec(select(Community).where(Community.slug == community_slug)).first()
        if c is None:
            raise ServiceError(phrase("There is no community with the address {slug}.", slug=community_slug), code="bad_target")
        binding.community_id = c.id
    else:
        m = db.exec(select(Merchant).where(Merchant.slug == shop_slug)).first()
        if m is None:
            raise ServiceError(phrase("There is no shop with the address {slug}.", slug=shop_slug), code="bad_target")
        binding.merchant_id = m.id
    db.add(binding)
    db.flush()
    return _view(db, binding)


def set_enabled(db: Session, actor: Actor, binding_id: int, enabled: bool) -> BindingView:
    require_admin_permission(actor, AdminPermission.CONTENT)
    b = get_or_not_found(db, HostBinding, binding_id, phrase("host name"), lock=True)
    b.enabled = bool(enabled)
    db.add(b)
    return _view(db, b)


def remove_binding(db: Session, actor: Actor, binding_id: int) -> None:
    require_admin_permission(actor, AdminPermission.CONTENT)
    db.delete(get_or_not_found(db, HostBinding, binding_id, phrase("host name"), lock=True))


def list_bindings(db: Session, actor: Actor) -> list[BindingView]:
    require_admin_permission(actor, AdminPermission.CONTENT)
    return [_view(db, b) for b in db.exec(select(HostBinding).order_by(HostBinding.host)).all()]


@dataclass(frozen=True)
class HostTarget:
    path: str  # /c/maple-court or /shop/corner-grocer
    community_id: int | None
    merchant_id: int | None


def target_of(db: Session, host: str) -> HostTarget | None:
    """Where a request for `host` (as the Host header carried it) lands; None when the host is not
    bound, its binding is switched off, or the header is not a host name."""
    try:
        name = normalize_host(host)
    except ServiceError:
        return None
    b = db.exec(select(HostBinding).where(HostBinding.host == name, HostBinding.enabled)).first()
    if b is None:
        return None
    path, _ = _path_of(db, b)
    return HostTarget(path, b.community_id, b.merchant_id) if path else None
