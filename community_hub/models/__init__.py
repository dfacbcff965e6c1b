"""Every table, imported once so the metadata (and Alembic) sees them all.

Each aggregate lives in its own module here; any module added to this package is imported below,
so a new aggregate needs no edit to this file.
"""

import importlib
import pkgutil

from community_hub.models.accounts import (
    AuthSession,
    CodePurpose,
    RateEvent,
    Role,
    User,
    UserRole,
    UserStatus,
    VerificationCode,
)
from community_hub.models.audit import AuditEntry
from community_hub.models.catalog import Merchant, MerchantStatus, Product
from community_hub.models.community import Community, Household, HouseholdMember, PropertyCompany
from community_hub.models.default_factories import install as _remember_default_factories
from community_hub.models.kiosk import KioskDevice
from community_hub.models.notify import Channel, InboxItem, OutboxMessage, OutboxStatus

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "AuditEntry",
    "AuthSession",
    "Channel",
    "CodePurpose",
    "Community",
    "Household",
    "HouseholdMember",
    "InboxItem",
    "KioskDevice",
    "Merchant",
    "MerchantStatus",
    "OutboxMessage",
    "OutboxStatus",
    "Product",
    "PropertyCompany",
    "RateEvent",
    "Role",
    "User",
    "UserRole",
    "UserStatus",
    "VerificationCode",
]

_remember_default_factories()  # before any row is built (models/default_factories.py says why)
