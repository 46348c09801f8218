"""Security headers on every response: a strict Content-Security-Policy, no framing, no
content sniffing, no full referrers to other sites.

A small after-request hook rather than a library such as Flask-Talisman: the policy is a
handful of constant headers, while Talisman also redirects to HTTPS and sets cookie
options, which :mod:`webui.auth` already owns (Secure by a setting) and which a site behind
a TLS-terminating proxy must not get twice; a dependency for six headers is not worth it.

The policy allows no inline script or style at all (templates keep theirs in ``static/``);
images may also come from ``data:`` and any https address, because rich text may show images
from elsewhere. A view that sets its own Content-Security-Policy keeps it (the file
download's ``sandbox`` is stricter than the baseline). The ``Server`` header is the web
server's: gunicorn sends just "gunicorn", with no version (see :mod:`webui.cli`).
"""
from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
