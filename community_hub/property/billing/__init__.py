"""Property fees: settings and fee items, generating bills, reading them, payments, reports and statements, convenience services. One module per job; this package re-exports them so callers write billing.generate_bills(...)."""

from __future__ import annotations

from community_hub.property.billing.convenience import (  # noqa: F401
    add_convenience_service,
    bill_statuses,
    book_convenience_service,
    cancel_convenience_booking,
    complete_convenience_booking,
    list_convenience_bookings,
    list_convenience_services,
    my_bookings_keys,
    my_convenience_bookings,
    services_for_staff,  # noqa: F401
    set_convenience_service_active,
)
from community_hub.property.billing.fee_items import (  # noqa: F401
    KIND_LABELS,
    PAGE_KINDS,
    FeeItemView,
    list_fee_items,
    reactivate_fee_item,
    update_fee_item,
)
from community_hub.property.billing.fees import (  # noqa: F401
    add_fee_item,
    billing_settings,
    configure_billing,
    deactivate_fee_item,
    record_meter_reading,
    set_parking_slots,
)
from community_hub.property.billing.generation import (  # noqa: F401
    RunPreview,
    check_run_window,
    generate_bills,  # noqa: F401
    preview_bills,
    run_window,
)
from community_hub.property.billing.payments import mark_bill_paid, record_offline_payment  # noqa: F401
from community_hub.property.billing.reading import (  # noqa: F401
    get_bill,
    list_bills,
    list_my_bills,
    my_amounts_due,
)
from community_hub.property.billing.reports import (  # noqa: F401
    apply_late_fees,
    arrears,
    collection_rate,
    late_fee_for,
    send_reminders,
    statement_csv,
    statement_rows,
)
from community_hub.property.billing.views import (  # noqa: F401
    OFFLINE_METHODS,
    PERIOD_RE,
    REMINDER_GAP,
    STATUS_WORDS,
    ArrearsRow,
    BillView,
    CollectionReport,
    CollectionRow,
    GenerationResult,
    LineView,
    PaymentView,
    bill_label,
    check_period,
    period_of,
)
