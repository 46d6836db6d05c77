"""Small HTTP helpers every blueprint uses: a safe redirect target, PDF answers, the JSON body,
dates in the office's time zone, client addresses against an allow-list."""
from __future__ import annotations

import ipaddress

from flask import Response, request, url_for
from flask_babel import format_datetime, gettext as _

from eoffice.core import clock
from eoffice.core.errors import InvalidInput


def safe_next(target: str | None, fallback: str = "home") -> str:
    """A local path to go back to; anything else (other sites, `//host`, `/\\host`) goes to `fallback`."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target:
        return target
    return url_for(fallback)


def pdf_response(data: bytes, filename: str, inline: bool = True) -> Response:
    """A PDF answer that no shared cache keeps (letters are often confidential)."""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def json_body() -> dict:
    """The request's JSON object, or InvalidInput."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput(_("Badan permintaan harus berupa objek JSON."), "body")
    return data


def format_wib(dt, fmt: str = "d MMM yyyy HH:mm") -> str:
    """A datetime in the office's time zone (WIB), in the request's language; "–" for none."""
    if dt is None:
        return "–"
    return format_datetime(clock.local(clock.aware(dt)), fmt)


def networks(text: str) -> tuple:
    """The networks of a list of addresses or CIDRs separated by commas or spaces
    (`10.0.0.0/8, 192.168.1.7`); ValueError naming the first entry that is neither."""
    found = []
    for entry in text.replace(",", " ").split():
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"not an address or CIDR: {entry[:60]!r}") from None
    return tuple(found)


def address_in(address: str | None, allowed) -> bool:
    """Whether the client address lies in one of the `allowed` networks (False when unreadable)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if getattr(ip, "ipv4_mapped", None) is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in allowed)
