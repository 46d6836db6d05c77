"""The six SPBE architecture domains, their code grammar and the fields each domain's records carry.

Codes follow the national reference architecture (Perpres 132/2022): `<PREFIX>.<nn>[.<nn>…]`, at
most four levels. Levels 1–2 are the national reference (seeded; an agency rarely adds them);
levels 3–4 are the agency's own. A record of level ≥ 2 needs its parent (the code minus its last
segment) to exist.
"""
from __future__ import annotations

import re

from eoffice.app.i18n import N_

DOMAINS = {
    "RAB": N_("Proses Bisnis"),
    "RAD": N_("Data dan Informasi"),
    "RAL": N_("Layanan"),
    "RAA": N_("Aplikasi"),
    "RAI": N_("Infrastruktur"),
    "RAK": N_("Keamanan"),
}
DOMAIN_ORDER = list(DOMAINS)
STATUSES = {"baru": N_("Baru"), "pengembangan": N_("Pengembangan"), "as_is": N_("As-is")}
MAX_LEVEL = 4
NATIONAL_LEVELS = (1, 2)
CODE_RE = re.compile(r"^(RAB|RAD|RAL|RAA|RAI|RAK)((?:\.\d{2,3}){1,4})$")

# Domain fields kept in SpbeRecord.attrs: name → (label, allowed values or None for free text).
FIELDS: dict[str, dict[str, tuple]] = {
    "RAB": {"strategic_goal": (N_("Sasaran strategis"), None),
            "iku_indicator": (N_("Indikator kinerja utama (IKU)"), None),
            "iku_target": (N_("Target IKU"), None),
            "iku_actual": (N_("Realisasi IKU"), None)},
    "RAD": {"openness": (N_("Sifat keterbukaan data"), ("terbuka", "terbatas", "tertutup")),
            "update_frequency": (N_("Frekuensi pemutakhiran"),
                                 ("real_time", "harian", "mingguan", "bulanan", "triwulanan", "semesteran", "tahunan")),
            "data_steward": (N_("Produsen data"), None)},
    "RAL": {"service_type": (N_("Jenis layanan"), ("publik", "administrasi_pemerintahan")),
            "service_users": (N_("Pengguna layanan"), None),
            "channel": (N_("Kanal layanan"), None)},
    "RAA": {"application_kind": (N_("Jenis aplikasi"), ("umum", "khusus")),
            "url": (N_("Alamat aplikasi"), None),
            "developer": (N_("Pengembang"), None)},
    "RAI": {"infra_type": (N_("Jenis infrastruktur"), ("pusat_data", "jaringan_intra", "sistem_penghubung_layanan", "perangkat")),
            "location": (N_("Lokasi"), None)},
    "RAK": {"control_type": (N_("Jenis kendali keamanan"), None),
            "standard": (N_("Standar acuan"), None)},
}
# Fields an agency record (level ≥ 3) must fill in.
REQUIRED_FIELDS = {"RAD": ("openness", "update_frequency"), "RAL": ("service_type",), "RAA": ("application_kind",)}
# The national level-1 code fixes some choices: RAL.01 public services, RAL.02 administration; RAA.01 general-use.
IMPLIED = {("RAL", "01"): ("service_type", "publik"), ("RAL", "02"): ("service_type", "administrasi_pemerintahan"),
           ("RAA", "01"): ("application_kind", "umum"), ("RAA", "02"): ("application_kind", "khusus")}
VALUE_LABELS = {
    "terbuka": N_("Terbuka"), "terbatas": N_("Terbatas"), "tertutup": N_("Tertutup"),
    "real_time": N_("Waktu nyata"), "harian": N_("Harian"), "mingguan": N_("Mingguan"), "bulanan": N_("Bulanan"),
    "triwulanan": N_("Triwulanan"), "semesteran": N_("Semesteran"), "tahunan": N_("Tahunan"),
    "publik": N_("Layanan publik"), "administrasi_pemerintahan": N_("Layanan administrasi pemerintahan"),
    "umum": N_("Aplikasi umum"), "khusus": N_("Aplikasi khusus"),
    "pusat_data": N_("Pusat data"), "jaringan_intra": N_("Jaringan intra"),
    "sistem_penghubung_layanan": N_("Sistem penghubung layanan"), "perangkat": N_("Perangkat"),
}


def parse(code: str) -> tuple[str, list[str]] | None:
    """(domain, segments) of a well-formed code, else None."""
    match = CODE_RE.match(code or "")
    if not match:
        return None
    return match.group(1), match.group(2).lstrip(".").split(".")


def domain_of(code: str) -> str | None:
    parsed = parse(code)
    return parsed[0] if parsed else None


def level_of(code: str) -> int:
    parsed = parse(code)
    return len(parsed[1]) if parsed else 0


def parent_of(code: str) -> str | None:
    """The code minus its last segment; None for a level-1 code."""
    if level_of(code) <= 1:
        return None
    return code.rsplit(".", 1)[0]


def implied_attr(code: str) -> tuple[str, str] | None:
    parsed = parse(code)
    return IMPLIED.get((parsed[0], parsed[1][0])) if parsed else None


def all_field_names() -> list[str]:
    return [name for domain in DOMAIN_ORDER for name in FIELDS[domain]]
