"""Promotions (issue 18): platform coupons residents collect and use at checkout (the platform
pays the discount), campaigns (the platform's and a shop's own) shown on the home page, the home
page's lists as admins curate them per community, and the admins' usage and cost report."""

from community_hub.marketplace.promotions.admin_choices import (  # noqa: F401, E402
    form_choices,
    pickable_products,
    search_products,
)
from community_hub.marketplace.promotions.campaigns import (  # noqa: F401
    create_merchant_promotion,
    create_platform_promotion,
    end_platform_promotion,
    end_promotion,
    home_banners,
    list_merchant_promotions,
)
from community_hub.marketplace.promotions.home_curation import (  # noqa: F401
    home_lists_for_admin,
    set_home_list,
)
from community_hub.marketplace.promotions.platform_coupons import (  # noqa: F401
    MyCoupon,
    OfferedCoupon,
    Usable,
    check_at_checkout,
    collect,
    create_platform_coupon,
    list_platform_coupons,
    mark_used,
    my_coupons,
    my_coupons_keys,
    my_coupons_version,
    offered_to_me,
    switch_off,
    terms_text,
    usable_at_checkout,
)
from community_hub.marketplace.promotions.usage_report import (  # noqa: F401
    coupon_costs,
    promotions_overview,
)
