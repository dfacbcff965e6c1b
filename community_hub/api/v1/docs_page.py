"""/api/v1/docs: the reference as a plain HTML page written on the server from the OpenAPI document
(no script and nothing fetched from elsewhere, so it reads offline and behind any firewall)."""

from __future__ import annotations

import html
import re
from functools import cache

from community_hub.api.v1.openapi import document

STYLE = """body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
code,pre{font-family:ui-monospace,monospace;background:#f1f5f9;border-radius:4px;padding:0 .25em}
pre{padding:.75em;overflow-x:auto}h2{border-bottom:2px solid #0d9488;padding-bottom:.25em;margin-top:2.5rem}
h3{margin-top:2rem}.verb{display:inline-block;min-width:4.5em;font-weight:700;color:#0f766e}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #cbd5e1;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f1f5f9}nav li{margin:.15em 0}"""


def _inline(text: str) -> str:
    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", out)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_inline(' '.join(p.split()))}</p>" for p in text.split("\n\n") if p.strip())


def _type(schema: dict, schemas: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type(x, schemas) for x in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}), schemas)}"
    return str(schema.get("type", "any"))


def _limits(schema: dict) -> str:
    parts = []
    for s in [schema, *schema.get("anyOf", [])]:
        for key, word in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("minLength", "length ≥"),
                          ("maxLength", "length ≤"), ("minItems", "items ≥"), ("maxItems", "items ≤")):
            if key in s:
                parts.append(f"{word} {s[key]}")
    return ", ".join(parts)


def _fields(name: str, schemas: dict) -> str:
    model = schemas[name]
    required = set(model.get("required", []))
    rows = "".join(
        f"<tr><td><code>{html.escape(field)}</code></td><td>{html.escape(_type(s, schemas))}</td>"
        f"<td>{'yes' if field in required else 'no'}</td><td>{html.escape(_limits(s))}</td>"
        f"<td>{_inline(s.get('description', ''))}</td></tr>"
        for field, s in model.get("properties", {}).items())
    return ("<table><tr><th>Field</th><th>Type</th><th>Required</th><th>Limits</th><th>About</th></tr>"
            f"{rows}</table>")


@cache
def page() -> str:
    doc = document()
    schemas = doc["components"]["schemas"]
    nav, body = [], []
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            anchor = op["operationId"]
            nav.append(f'<li><a href="#{anchor}"><span class="verb">{method.upper()}</span> {html.escape(path)}</a>'
                       f" — {html.escape(op['summary'])}</li>")
            part = [f'<h3 id="{anchor}"><span class="verb">{method.upper()}</span> <code>{html.escape(path)}</code></h3>',
                    f"<p><strong>{html.escape(op['summary'])}</strong></p>", _paragraphs(op["description"])]
            params = [p for p in op.get("parameters", [])]
            if params:
                part.append("<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>About</th></tr>" + "".join(
                    f"<tr><td><code>{html.escape(p['name'])}</code></td><td>{p['in']}</td>"
                    f"<td>{'yes' if p.get('required') else 'no'}</td><td>{_inline(p.get('description', ''))}</td></tr>"
                    for p in params) + "</table>")
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
                part.append(f"<p>Body (JSON): <code>{ref}</code></p>" + _fields(ref, schemas))
            elif content:  # a file as the body
                part.append("<p>Body: the file itself, as " + ", ".join(f"<code>{k}</code>" for k in content) + ".</p>")
            codes = ", ".join(sorted(op["responses"]))
            part.append(f"<p>Answers: {html.escape(codes)}.</p>")
            body.append("".join(part))
    models = "".join(f'<h3 id="schema-{n}">{n}</h3>{_fields(n, schemas)}' for n in sorted(schemas)
                     if schemas[n].get("properties"))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(doc['info']['title'])} reference</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(doc['info']['title'])} {html.escape(doc['info']['version'])}</h1>"
        f"{_paragraphs(doc['info']['description'])}"
        '<p>The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>'
        f"<h2>Operations</h2><nav><ul>{''.join(nav)}</ul></nav>{''.join(body)}"
        f"<h2>Schemas</h2>{models}</body></html>")
