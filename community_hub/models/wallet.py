"""Where a resident wants refunds of card payments to go (payments/wallet.py): back to the card
(the default, no row) or into their wallet. A refund of what was paid from the wallet always goes
back to the wallet."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class WalletRefundChoice(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    to_wallet: bool = False  # card refunds go into the wallet instead of back to the card
    updated_at: datetime = utc_field(default_factory=utcnow)
