"""The back office's permission matrix (issue 18): every admin service × every sub-role.

The services are listed from the code, not by hand: every public `fn(db, actor, ...)` in
community_hub that calls `require_admin_permission(actor, AdminPermission.X)` — itself, or through
a helper it calls with the actor (`_for_decision`, `require_admin_or_system`). Each is called by an
admin holding exactly one sub-role (and by one holding none, and by a resident), with placeholder
arguments, in a transaction that is rolled back: one without the permission is refused with
PermissionDenied before anything else happens; one with it gets past the check (whatever the
placeholder arguments then cause). A service calling the bare `require_admin` (no permission
named), or an admin page calling a service that names none, fails here.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

import community_hub
from community_hub.core import permissions
from community_hub.core.errors import NotFound, PermissionDenied
from community_hub.core.permissions import AdminPermission
from community_hub.marketplace import shop_orders
from community_hub.models import Role
from community_hub.payments import payouts
from tests import factories as f

ROOT = Path(community_hub.__file__).parent
CHECK = "require_admin_permission"
# Services every platform admin may use whatever they hold (their own home page's counts).
ANY_ADMIN_SERVICES = {"community_hub.overviews.admin_overview"}
# Services the admin pages call that others use too (the applicant, the shop, the member), whose
# admin path asks `actor.holds(AdminPermission.X)` itself; their rules are tested with them
# (tests/unit/test_admin_sub_roles.py: the customer-service refund limit, an application's papers).
SHARED_WITH_OTHERS = {
    "community_hub.payments.refunds.refund_payment",
    "community_hub.payments.points.history",
    "community_hub.marketplace.applications.application_documents",
    "community_hub.marketplace.applications.application_history",
    "community_hub.marketplace.applications.application_steps",
    "community_hub.marketplace.required_documents.application_requirements",
    "community_hub.marketplace.shop_places.nearest_community",  # any signed-in person's map helper
}


@dataclass(frozen=True)
class Service:
    name: str  # module.function
    fn: object
    permission: str
    unconditional: bool  # the check is a statement of the function's own body, run before anything else


def _modules():
    for info in pkgutil.walk_packages(community_hub.__path__, "community_hub."):
        if ".pages" in info.name or info.name.endswith((".app", ".serve", ".serve_workers")):
            continue
        try:
            yield importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - a module that only imports in the app (reflex) is no service
            continue


def _permission_of(call: ast.Call) -> str | None:
    if len(call.args) >= 2 and isinstance(call.args[1], ast.Attribute) and isinstance(call.args[1].value, ast.Name) \
            and call.args[1].value.id == "AdminPermission":
        return getattr(AdminPermission, call.args[1].attr)
    return None


def _called(node: ast.Call, module) -> object | None:
    """The function a call reaches, resolved through the module's names (`helper(...)`, `mod.fn(...)`)."""
    if isinstance(node.func, ast.Name):
        return module.__dict__.get(node.func.id)
    if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
        owner = module.__dict__.get(node.func.value.id)
        return getattr(owner, node.func.attr, None) if inspect.ismodule(owner) else None
    return None


def _passes_actor(node: ast.Call) -> bool:
    return any(isinstance(a, ast.Name) and a.id == "actor" for a in node.args)


def _first_statement(body: ast.FunctionDef) -> ast.stmt | None:
    """The function's first statement after its docstring and any `if ...: return` (a way out
    for someone else, such as the payout schedule's SYSTEM actor)."""
    for stmt in body.body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue
        if isinstance(stmt, ast.If) and not stmt.orelse and all(isinstance(s, ast.Return) for s in stmt.body):
            continue
        return stmt
    return None


def discover() -> dict[str, Service]:
    functions = []  # (module, name, fn, tree)
    for module in _modules():
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__:
                continue
            try:
                tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
            except (OSError, TypeError, SyntaxError):
                continue
            functions.append((module, name, fn, tree.body[0]))
    checks: dict[object, tuple[str, bool]] = {}  # fn -> (permission, unconditional)
    for _module, _name, fn, body in functions:
        stmt = _first_statement(body)
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
                and getattr(stmt.value.func, "id", "") == CHECK and _permission_of(stmt.value):
            checks[fn] = (_permission_of(stmt.value), True)
        else:
            for node in ast.walk(body):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == CHECK and _permission_of(node):
                    checks[fn] = (_permission_of(node), False)
                    break
    changed = True
    while changed:  # a function calling a checked helper with its actor is checked by it
        changed = False
        for module, _name, fn, body in functions:
            if fn in checks:
                continue
            for node in ast.walk(body):
                if isinstance(node, ast.Call) and _passes_actor(node) and (target := _called(node, module)) in checks:
                    first = _first_statement(body)
                    first = isinstance(first, (ast.Expr, ast.Assign, ast.Return)) and first.value is node
                    checks[fn] = (checks[target][0], first and checks[target][1])
                    changed = True
                    break
    found = {}
    for module, name, fn, _body in functions:
        params = list(inspect.signature(fn).parameters)
        if fn in checks and not name.startswith("_") and params[:2] == ["db", "actor"]:
            found[f"{module.__name__}.{name}"] = Service(f"{module.__name__}.{name}", fn, *checks[fn])
    return found


SERVICES = discover()


def _placeholder(param: inspect.Parameter):
    kind = str(param.annotation)
    for word, value in (("bool", False), ("int", 987_654_321), ("float", 1.0), ("str", "x"), ("list", []),
                        ("dict", {})):
        if re.search(rf"\b{word}\b", kind):
            return value
    return None


def _call(engine, service: Service, actor) -> Exception | None:
    params = list(inspect.signature(service.fn).parameters.values())[2:]
    args, kwargs = [], {}
    for p in params:
        if p.default is not inspect.Parameter.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.kind == p.KEYWORD_ONLY:
            kwargs[p.name] = _placeholder(p)
        else:
            args.append(_placeholder(p))
    with Session(engine) as s:
        try:
            service.fn(s, actor, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - placeholder arguments may fail any way past the check
            return exc
        finally:
            s.rollback()
    return None


SETS = {"none": (), **{p: (p,) for p in AdminPermission.ALL}}


@pytest.fixture
def admins(tx):
    with tx() as db:
        actors = {}
        for label, held in SETS.items():
            u = f.user(db, Role.PLATFORM_ADMIN)
            actors[label] = f.sub_roles(db, u, *held)
        actors["resident"] = f.actor(db, f.user(db, Role.RESIDENT))
        return actors


def test_discovery_finds_the_back_office():
    names = set(SERVICES)
    for expected in ("community_hub.payments.money_admin.set_fee_ratio", "community_hub.accounts.members_admin.set_roles",
                     "community_hub.marketplace.applications.approve_application", "community_hub.core.audit_log.list_entries",
                     "community_hub.accounts.admin_staff.set_sub_role", "community_hub.payments.payouts.run_due_payouts"):
        assert expected in names, expected
    assert len(names) >= 60
    assert {n for n, s in SERVICES.items() if s.permission == AdminPermission.ANY_ADMIN} == ANY_ADMIN_SERVICES


def test_no_service_checks_for_an_admin_without_naming_the_permission():
    bare = []
    for path in ROOT.rglob("*.py"):
        if path.name == "permissions.py" and path.parent.name == "core":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\brequire_admin\(", line):
                bare.append(f"{path.relative_to(ROOT)}:{n}")
    assert bare == [], "use require_admin_permission(actor, AdminPermission.X): " + ", ".join(bare)


def test_every_service_an_admin_page_calls_names_its_permission():
    """Every `fn(db, actor, ...)` of community_hub that the admin pages' states reach (directly or
    in their own `_page(db, actor)` helpers) checks a permission: a new admin page calling a service
    with no permission check fails here."""
    unchecked = set()
    for path in sorted((ROOT.parent / "state" / "admin").glob("*.py")):
        module = importlib.import_module(f"state.admin.{path.stem}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                node_fn = node.func
            elif isinstance(node, (ast.Name, ast.Attribute)):
                node_fn = node  # passed as `call(self, service, ...)`
            else:
                continue
            fn = _called(ast.Call(func=node_fn, args=[], keywords=[]), module)
            if not inspect.isfunction(fn) or not fn.__module__.startswith("community_hub."):
                continue
            if list(inspect.signature(fn).parameters)[:2] != ["db", "actor"]:
                continue
            name = f"{fn.__module__}.{fn.__name__}"
            if name not in SERVICES and name not in SHARED_WITH_OTHERS:
                unchecked.add(f"{path.name}: {name}")
    assert sorted(unchecked) == [], "\n".join(sorted(unchecked))


def test_every_sub_role_reaches_exactly_its_services(engine, admins):
    wrong = []
    for name, service in sorted(SERVICES.items()):
        for label, held in SETS.items():
            holder = service.permission == AdminPermission.ANY_ADMIN or service.permission in held \
                or AdminPermission.SUPER in held
            got = _call(engine, service, admins[label])
            refused = isinstance(got, PermissionDenied)
            if holder and refused:
                wrong.append(f"{name}: {label} was refused ({got.message})")
            elif not holder and service.unconditional and not refused:
                wrong.append(f"{name}: {label} got past the {service.permission} check ({got!r})")
        if service.unconditional and not isinstance(_call(engine, service, admins["resident"]), PermissionDenied):
            wrong.append(f"{name}: a resident got past the check")
    assert wrong == [], "\n".join(wrong)


# The shop's, the community's and the agent's own checks: an admin acts in their place only with
# the back-office role the area needs (core/permissions.admin_passes), and is told which.
AREA_CHECKS = {
    "shop (require_merchant_of)": (AdminPermission.SUPER, lambda a, m, c: permissions.require_merchant_of(a, m)),
    "community staff (require_staff_of)": (AdminPermission.SUPER, lambda a, m, c: permissions.require_staff_of(a, c)),
    "agent (require_role)": (AdminPermission.SUPER, lambda a, m, c: permissions.require_role(a, Role.AGENT)),
    "property staff (require_role)": (AdminPermission.SUPER,
                                      lambda a, m, c: permissions.require_role(a, Role.PROPERTY_STAFF)),
    "a shop's orders": (AdminPermission.CUSTOMER_SERVICE, lambda a, m, c: shop_orders.orders_version(_db, a, m)),
    "a shop's waiting orders": (AdminPermission.CUSTOMER_SERVICE,
                                lambda a, m, c: shop_orders.waiting_order_ids(_db, a, m)),
    "a shop's payout account": (AdminPermission.FINANCE,
                                lambda a, m, c: payouts.set_payout_account(_db, a, m, "acct_test1234")),
}
_db = None  # the session the area checks run in (set by the test)


def test_every_sub_role_passes_a_shop_or_community_check_only_with_the_role_it_needs(engine, admins):
    global _db
    with Session(engine) as db:
        m = f.merchant(db)
        c = f.community(db)
        wrong = []
        try:
            _db = db
            for area, (needed, check) in AREA_CHECKS.items():
                for label, held in SETS.items():
                    holder = needed in held or AdminPermission.SUPER in held
                    try:
                        check(admins[label], m.id, c.id)
                        got = None
                    except PermissionDenied as exc:
                        got = exc
                    if holder and got is not None:
                        wrong.append(f"{area}: {label} was refused ({got.message})")
                    elif not holder and got is None:
                        wrong.append(f"{area}: {label} got past it")
                    elif not holder and str(permissions.PERMISSION_WORDS[needed]) not in str(got.message):
                        wrong.append(f"{area}: {label}'s refusal does not name the role ({got.message})")
                try:
                    check(admins["resident"], m.id, c.id)
                    wrong.append(f"{area}: a resident got past it")
                except PermissionDenied:
                    pass
            # A non-super admin is no community's staff when reaching someone else's row.
            with pytest.raises(NotFound):
                permissions.staff_or_owner(admins[AdminPermission.CUSTOMER_SERVICE], c.id, owns=False, what="row")
            assert permissions.staff_or_owner(admins[AdminPermission.SUPER], c.id, owns=False, what="row") is True
        finally:
            _db = None
            db.rollback()
        assert wrong == [], "\n".join(wrong)


# Services that let "an admin" see or do more than a member name the back-office role that opens
# it (Actor.holds), never `actor.is_admin` alone: only core/permissions decides what being an
# admin means, and the two membership services below check customer service right after.
IS_ADMIN_ALLOWED = {"core/permissions.py", "accounts/admin_staff.py", "membership/priority.py",
                    "membership/group_messages.py"}


def test_no_service_lets_any_admin_through_by_being_an_admin():
    found = [f"{p.relative_to(ROOT)}:{n}" for p in ROOT.rglob("*.py")
             if str(p.relative_to(ROOT)) not in IS_ADMIN_ALLOWED
             for n, line in enumerate(p.read_text().splitlines(), 1) if ".is_admin" in line]
    assert found == [], "a service checks is_admin instead of the role it needs:\n" + "\n".join(found)


def test_seeing_someone_elses_payment_needs_finance_or_customer_service(admins):
    from community_hub.models.payments import Payment
    from community_hub.payments.common import may_see_payment

    payment = Payment(purpose="order:1", payee="merchant:1", payer_user_id=admins["resident"].user_id,
                      amount_minor=100, currency="USD")
    seen = {label: may_see_payment(a, payment) for label, a in admins.items()}
    assert seen == {"none": False, "finance": True, "review": False, "customer_service": True,
                    "content": False, "super": True, "resident": True}
