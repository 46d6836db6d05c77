"""Official letters (naskah dinas) as plain data: what a renderer needs, nothing more.

Letter types differ only in data (``LETTER_TYPES``): the title, whether the header is the
classic Nomor/Sifat/Lampiran/Perihal block, the nota dinas Yth./Dari/Tembusan/... table, or a
centred title with the number, and where the place and date go. Structured parts of a type
(the Dasar/Kepada/Untuk of a surat tugas, the MENIMBANG/MENGINGAT/diktum of a keputusan) are
``Section`` rows (Permendagri 1/2023).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from .errors import InvalidDocument
from .pki import DEVELOPMENT_MARK
from .qr import document_digest

BSRE_FOOTER = ("Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat "
               "elektronik yang diterbitkan oleh BSrE")
UU_ITE = ("sesuai ketentuan UU Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik "
          "sebagaimana telah diubah terakhir dengan UU Nomor 1 Tahun 2024")
DEVELOPMENT_FOOTER = ("Ditandatangani secara elektronik dengan sertifikat PENGEMBANGAN "
                      "(bukan BSrE) \u2014 tidak sah untuk keperluan resmi")
DEFAULT_ISSUER_LABEL = "BSrE"
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
SIFAT = ("Biasa", "Terbatas", "Rahasia", "Sangat Rahasia")
ACTING_MARKERS = ("Plt.", "Plh.")


def tte_footer(issuer_label: str | None = None, *, development: bool | None = None) -> str:
    """The sentence at the foot of every page of a signed letter, naming the real issuer.

    ``issuer_label``: who issued the signer's certificate (``pki.issuer_label(cert)``); None
    keeps the former wording, "BSrE". ``development``: the signer's certificate belongs to
    the development PKI (``pki.is_development_ca``); None infers it from the DEVELOPMENT mark
    every development CA carries in its name. A development footer says plainly that the
    signature is not valid for official use, and does not claim conformity with UU ITE.
    """
    label = " ".join((issuer_label or DEFAULT_ISSUER_LABEL).split())
    if development is None:
        development = DEVELOPMENT_MARK in label.upper()
    if development:
        return f"{DEVELOPMENT_FOOTER}. Penerbit sertifikat: {label}."
    return (f"Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat "
            f"elektronik yang diterbitkan oleh {label} {UU_ITE}.")


def tanggal(date: dt.date) -> str:
    """A date the Indonesian way: ``12 Januari 2026``."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


@dataclass(frozen=True)
class Kop:
    """Letterhead of the issuing unit."""

    unit_name: str
    address: str
    phone: str | None = None
    website: str | None = None
    email: str | None = None
    government: str = "PEMERINTAH KOTA TANGERANG"
    logo_png: bytes | None = None


@dataclass(frozen=True)
class Recipient:
    """``Yth. <name>`` and where it goes (``di Tempat`` when address is None)."""

    name: str
    address: str | None = None


@dataclass(frozen=True)
class SignatureBlock:
    """Who signs and in what capacity.

    ``position`` is the signer's position as printed on the last position line (for Plt./Plh.
    the position acted for). ``on_behalf_of`` gives ``a.n. <position>`` above it;
    ``via_position`` (with ``on_behalf_of``) gives the ``u.b.`` form: a.n. top / via / u.b. /
    position. ``acting`` is ``"Plt."`` or ``"Plh."`` in front of ``position``.
    """

    position: str
    name: str
    nip: str | None = None
    rank: str | None = None
    acting: str | None = None
    on_behalf_of: str | None = None
    via_position: str | None = None

    def __post_init__(self):
        if self.acting is not None and self.acting not in ACTING_MARKERS:
            raise InvalidDocument(f"acting marker must be one of {ACTING_MARKERS}")
        if self.via_position and not self.on_behalf_of:
            raise InvalidDocument("u.b. needs the official signed for (on_behalf_of)")

    @property
    def marker(self) -> str:
        """``u.b.``, ``a.n.``, ``Plt.``, ``Plh.`` or an empty string."""
        if self.via_position:
            return "u.b."
        if self.on_behalf_of:
            return "a.n."
        return self.acting or ""

    def position_lines(self) -> tuple[str, ...]:
        """The capacity lines above the signature, e.g. ("a.n. Kepala Dinas …", "Sekretaris,")."""
        own = f"{self.acting} {self.position}" if self.acting else self.position
        lines: list[str] = []
        if self.on_behalf_of:
            lines.append(f"a.n. {self.on_behalf_of}")
        if self.via_position:
            lines += [self.via_position, "u.b."]
        lines.append(f"{own},")
        return tuple(lines)


@dataclass(frozen=True)
class LetterType:
    """How a letter type lays out its header; everything else is shared."""

    label: str
    title: str | None = None
    header: str = "classic"          # classic | memo | titled
    subject_in_title: bool = False   # titled: "TENTANG <subject>"
    recipients_before_title: bool = False
    date_at_signature: bool = False  # place/date printed above the signature block
    date_words: tuple[str, str] | None = None  # e.g. ("Ditetapkan di", "pada tanggal")


_SET = ("Ditetapkan di", "pada tanggal")
LETTER_TYPES: dict[str, LetterType] = {
    "surat_dinas": LetterType("Surat Dinas"),
    "surat_undangan": LetterType("Surat Undangan"),
    "surat_pengantar": LetterType("Surat Pengantar"),
    "nota_dinas": LetterType("Nota Dinas", title="NOTA DINAS", header="memo"),
    "memo": LetterType("Memo", title="MEMO", header="memo"),
    "surat_edaran": LetterType("Surat Edaran", title="SURAT EDARAN", header="titled",
                               subject_in_title=True, recipients_before_title=True,
                               date_at_signature=True, date_words=_SET),
    "surat_tugas": LetterType("Surat Tugas", title="SURAT TUGAS", header="titled",
                              date_at_signature=True),
    "surat_perintah": LetterType("Surat Perintah", title="SURAT PERINTAH", header="titled",
                                 date_at_signature=True),
    "surat_keputusan": LetterType("Surat Keputusan", title="KEPUTUSAN", header="titled",
                                  subject_in_title=True, date_at_signature=True, date_words=_SET),
    "berita_acara": LetterType("Berita Acara", title="BERITA ACARA", header="titled",
                               subject_in_title=True, date_at_signature=True),
    "surat_keterangan": LetterType("Surat Keterangan", title="SURAT KETERANGAN", header="titled",
                                   date_at_signature=True),
    "laporan": LetterType("Laporan", title="LAPORAN", header="titled", subject_in_title=True,
                          date_at_signature=True),
    "telaahan_staf": LetterType("Telaahan Staf", title="TELAAHAN STAF", header="titled",
                                subject_in_title=True, date_at_signature=True),
    "notula": LetterType("Notula", title="NOTULA", header="titled", subject_in_title=True,
                         date_at_signature=True),
}
DIKTUM = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN",
          "KESEMBILAN", "KESEPULUH", "KESEBELAS", "KEDUA BELAS", "KETIGA BELAS", "KEEMPAT BELAS",
          "KELIMA BELAS", "KEENAM BELAS", "KETUJUH BELAS", "KEDELAPAN BELAS", "KESEMBILAN BELAS",
          "KEDUA PULUH")


def diktum_label(index: int) -> str:
    """The name of the ``index``-th (0-based) diktum of a keputusan: KESATU, KEDUA, …"""
    return DIKTUM[index] if index < len(DIKTUM) else f"KE-{index + 1}"


@dataclass(frozen=True)
class Section:
    """One labelled row of a structured letter: ``Dasar : 1. … 2. …``.

    ``numbering`` is how several items are marked (``number`` 1., 2.; ``letter`` a., b.;
    ``none``); a single item is printed unmarked. ``heading`` is a centred line printed
    before the row (``MEMERINTAHKAN:``, ``MEMUTUSKAN:``).
    """

    label: str
    items: tuple[str, ...]
    numbering: str = "number"
    heading: str | None = None

    def __post_init__(self):
        if self.numbering not in ("number", "letter", "none"):
            raise InvalidDocument("section numbering must be number, letter or none")


@dataclass(frozen=True)
class LetterDocument:
    """One official letter, ready to render.

    ``details`` are label/value rows set off after the first paragraph (the invitation's
    Hari/tanggal, Waktu, Tempat, Acara; the assignment's Nama/NIP/Jabatan). ``sender`` is
    the nota dinas "Dari" (default: the signer's position). ``sections`` are the structured
    rows printed after the header (Dasar/Kepada/Untuk, Menimbang/Mengingat/diktum). A body
    paragraph keeps its single line breaks; lines starting ``1.``, ``a.`` or ``-`` are list items.
    """

    kind: str
    kop: Kop
    subject: str
    body: tuple[str, ...]
    signature: SignatureBlock
    date: dt.date
    recipients: tuple[Recipient, ...] = ()
    number: str | None = None
    sifat: str = "Biasa"
    attachments: str = "-"
    place: str = "Tangerang"
    copies: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()
    sender: str | None = None
    sections: tuple[Section, ...] = ()

    def __post_init__(self):
        if self.kind not in LETTER_TYPES:
            raise InvalidDocument(f"unknown letter type {self.kind!r}; one of {sorted(LETTER_TYPES)}")
        if self.sifat not in SIFAT:
            raise InvalidDocument(f"sifat must be one of {SIFAT}")
        if not self.subject.strip() or not (self.body or self.sections):
            raise InvalidDocument("a letter needs a subject and at least one paragraph or section")

    @property
    def letter_type(self) -> LetterType:
        return LETTER_TYPES[self.kind]


def letter_fingerprint(letter: LetterDocument) -> str:
    """A digest of the letter's content (not its PDF bytes): what a QR token can assert."""
    data = asdict(letter)
    data["kop"].pop("logo_png", None)
    data["date"] = letter.date.isoformat()
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return document_digest(canonical.encode("utf-8"))
