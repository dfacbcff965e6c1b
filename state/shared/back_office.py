"""The back office's permission names, for pages declaring which one they need
(`@area_page(..., permission=AdminPermission.FINANCE)`): pages reach core only through state."""

from community_hub.core.permissions import AdminPermission

__all__ = ["AdminPermission"]
