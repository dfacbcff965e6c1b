"""Property, accounts, core, notify and API messages read in Chinese: every refusal and label those
services write (plain `ServiceError("...")` sentences and `phrase(...)` messages alike) has its
Chinese, and none is an f-string, which the catalog could never hold."""

from __future__ import annotations

import contextlib
import io
import re

from babel.messages.extract import extract_from_dir, extract_from_file

from community_hub import i18n_catalog
from community_hub.core import i18n
from community_hub.core.errors import NotFound
from community_hub.core.money import parse_amount

ROOT = i18n_catalog.ROOT / "community_hub"
FOLDERS = ("property", "accounts", "core", "notify", "api")
FILES = ("resident_day.py", "overviews.py")
# Background jobs are translated by their own part.
OTHERS = {"notify/worker.py"}
# The refusals are marked by the exception that carries them as well as by phrase().
KEYWORDS = {"phrase": None, "ServiceError": None, "PermissionDenied": None, "RateLimited": None,
            "NotLoggedIn": None, "NotFound": None}
_PLACEHOLDERS = re.compile(r"\{(\w+)\}")


def _messages() -> tuple[dict[str, str], str]:
    found: dict[str, str] = {}
    warnings = io.StringIO()
    with contextlib.redirect_stderr(warnings):
        for folder in FOLDERS:
            for filename, lineno, message, _c, _x in extract_from_dir(
                    ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
                where = f"{folder}/{filename}"
                if where not in OTHERS and isinstance(message, str) and message:
                    found.setdefault(message, f"{where}:{lineno}")
        for name in FILES:
            for lineno, message, _c, _x in extract_from_file("python", ROOT / name, keywords=KEYWORDS,
                                                             comment_tags=()):
                if isinstance(message, str) and message:
                    found.setdefault(message, f"{name}:{lineno}")
    left = "\n".join(line for line in warnings.getvalue().splitlines()
                     if "f-string" in line and not any(o in line for o in OTHERS))
    return found, left


def test_every_service_message_has_chinese_and_none_is_an_f_string():
    found, fstrings = _messages()
    assert len(found) > 300
    assert not fstrings, f"f-strings inside a translated call (use phrase with named values):\n{fstrings}"
    catalog = i18n_catalog.load()
    missing = sorted(f"{text!r} ({where})" for text, where in found.items()
                     if text not in catalog or not catalog[text].string or catalog[text].fuzzy)
    assert not missing, f"{len(missing)} messages have no Chinese: {missing[:20]}"
    wrong = [text for text in found if text in catalog
             and set(_PLACEHOLDERS.findall(text)) != set(_PLACEHOLDERS.findall(catalog[text].string))]
    assert not wrong, f"placeholders differ between English and Chinese: {wrong[:10]}"


def test_a_refusal_with_a_value_reads_in_english_and_in_chinese():
    try:
        parse_amount("-3", what=i18n.phrase("amount"))
    except Exception as exc:  # noqa: BLE001 - the refusal a person reads
        refusal = exc.message
    assert refusal == "The amount cannot be negative."
    assert i18n.localized("zh", refusal) == "金额不能为负数。"
    gone = NotFound(i18n.phrase("bill")).message
    assert gone == "That bill does not exist or is not yours to see."
    assert i18n.localized("zh", gone) == "该账单不存在，或您无权查看。"


def test_a_refused_upload_says_why_in_the_browser_language():
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from community_hub.api.upload_limit import limit_upload_size

    async def upload(request):
        return PlainTextResponse(str(len(await request.body())))

    http = TestClient(limit_upload_size(Starlette(routes=[Route("/_upload", upload, methods=["POST"])]),
                                        max_bytes=2 * 1_048_576))
    big = b"x" * (3 * 1_048_576)
    zh = http.post("/_upload", content=big, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert zh.status_code == 413 and zh.json()["detail"] == "上传的内容太大；上限为 2 MB。"
    en = http.post("/_upload", content=big, headers={"Accept-Language": "en-US"})
    assert en.json()["detail"] == "The upload is too large; the limit is 2 MB."
