"""Work orders (repairs): rules, setup, the moves from report to confirmation, and reading them. One module per job; this package re-exports them so callers write workorders.triage(...)."""

from __future__ import annotations

from community_hub.property.workorders.helpers import allowed_moves  # noqa: F401
from community_hub.property.workorders.moves import (  # noqa: F401
    cancel,
    confirm,
    dispatch,
    reopen,
    report_work_order,
    triage,
    worker_update,
)
from community_hub.property.workorders.reading import (  # noqa: F401
    export_csv,
    get_work_order,
    list_my_work_orders,
    list_work_orders,
    list_worker_orders,
    my_open_repairs,
    my_work_orders_keys,
    my_work_orders_version,
    overdue,
    resident_contacts,  # noqa: F401
    timeline,
    work_order_keys,
    work_order_version,
)
from community_hub.property.workorders.rules import (  # noqa: F401
    LABELS,
    MAX_PHOTOS,
    OPEN,
    RESIDENT,
    STAFF,
    TRANSITIONS,
    WORKER,
    TimelineRow,
    WorkOrderView,
)
from community_hub.property.workorders.setup import (  # noqa: F401  # noqa: F401
    WorkerRow,
    add_category,
    add_worker,
    list_categories,
    list_workers,
)
