"""verify_pdf stays cheap on hostile files: caps, one validation per signature value, a time
budget enforced by killing the child, deep or looping trees refused (never RecursionError)."""

import io
import sys
import time

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

import signatures.verify as verify_module
from signatures import VerificationLimits, VerificationRefused, verify_pdf
from signatures.isolation import Abandoned, IsolationUnavailable, call_with_deadline
from signatures.render_letter import render_letter
from tests.signatures.test_sig_render import _letter

N = generic.NameObject


def _write(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def shared_signature_fields(signed: bytes, count: int) -> bytes:
    """The attack: ``count`` new signature fields whose /V is the one existing signature."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    form = writer.root["/AcroForm"]
    fields = form["/Fields"]
    signature_value = fields[0].get_object().raw_get("/V")
    assert isinstance(signature_value, generic.IndirectObject)
    for i in range(count):
        fields.append(writer.add_object(generic.DictionaryObject({
            N("/FT"): N("/Sig"), N("/T"): generic.TextStringObject(f"Salinan{i}"),
            N("/V"): signature_value})))
    if isinstance(writer.root.raw_get("/AcroForm"), generic.IndirectObject):
        writer.update_container(form)
    else:
        writer.update_root()
    return _write(writer)


def _refused(pdf: bytes, pki, **kw) -> VerificationRefused:
    with pytest.raises(VerificationRefused) as caught:
        verify_pdf(pdf, [pki.root.cert_pem], **kw)
    return caught.value


def test_many_fields_sharing_one_signature_value_are_refused_quickly(signed_pdf, pki):
    attack = shared_signature_fields(signed_pdf, 400)
    assert len(attack) < 60_000  # 44 KiB; before the caps it took 5 s (1,300 fields: 71 s)
    call_with_deadline(divmod, 1, 1, deadline=time.monotonic() + 30)  # forkserver started
    started = time.monotonic()
    refused = _refused(attack, pki)
    elapsed = time.monotonic() - started
    assert refused.reason == "too_many_signatures" and refused.limit == 20
    assert "terlalu banyak kolom tanda tangan" in refused.message
    assert elapsed < 3, elapsed  # about 0.2 s on an idle machine


def test_fields_sharing_a_signature_value_under_the_cap_are_validated_once(
        signed_pdf, pki, monkeypatch):
    calls = []
    real = verify_module.validate_pdf_signature
    monkeypatch.setattr(verify_module, "validate_pdf_signature",
                        lambda *a, **kw: calls.append(1) or real(*a, **kw))
    report = verify_pdf(shared_signature_fields(signed_pdf, 5), [pki.root.cert_pem],
                        isolated=False)  # in-process, so the counting wrapper sees the calls
    assert len(calls) == 1
    (sig,) = report.signatures
    assert sig.field_name == "TTE1" and report.intact
    assert any("reuse the signature value of field TTE1" in p for p in report.problems)
    assert report.modified_after_signing  # fields were added after signing


def test_ordinary_two_signature_letter_still_verifies_fully(
        timestamping_signer, local_signer, head_credential, secretary_credential,
        request_for, pki):
    letter = render_letter(_letter(), verification_url="https://x/verify/t").pdf
    once = local_signer.sign(letter, request_for(secretary_credential, reason="Paraf"))
    twice = timestamping_signer.sign(once, request_for(head_credential))
    report = verify_pdf(twice, [pki.root.cert_pem])
    assert report.valid and report.identity_verified and report.revisions == 3
    assert [s.signer_name for s in report.signatures] == [
        "Siti Rahmawati, S.T.", "Drs. Budi Santoso, M.Si."]
    assert all(s.intact and s.trusted and not s.modified_after_signing
               for s in report.signatures)
    assert report.signatures[1].timestamped and report.signatures[1].timestamp_trusted
    assert not report.problems


def test_too_many_revisions_are_refused(signed_pdf, pki):
    pdf = signed_pdf
    for _ in range(50):  # 2 revisions already: 52 in all
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        writer.update_container(writer.root["/Pages"]["/Kids"][1].get_object())
        pdf = _write(writer)
    refused = _refused(pdf, pki)
    assert (refused.reason, refused.limit, refused.found) == ("too_many_revisions", 50, 52)
    assert verify_pdf(pdf, [pki.root.cert_pem], limits=VerificationLimits(max_revisions=60)).intact


def test_too_many_objects_are_refused(signed_pdf, pki):
    refused = _refused(signed_pdf, pki, limits=VerificationLimits(max_objects=10))
    assert refused.reason == "too_many_objects" and refused.found > 10
    assert "terlalu banyak objek" in refused.message


def test_time_budget_is_checked_in_process_and_enforced_on_the_child(signed_pdf, pki):
    spent = VerificationLimits(time_budget=0.0)
    assert _refused(signed_pdf, pki, limits=spent, isolated=False).reason == "time_budget"
    refused = _refused(signed_pdf, pki, limits=VerificationLimits(time_budget=1e-6))
    assert refused.reason == "time_budget" and "batas waktu" in refused.message


def test_a_call_past_its_deadline_is_killed_not_awaited():
    started = time.monotonic()
    with pytest.raises(Abandoned) as caught:
        call_with_deadline(time.sleep, 60, deadline=time.monotonic() + 0.5)
    assert caught.value.timed_out and time.monotonic() - started < 5
    assert call_with_deadline(divmod, 7, 2, deadline=time.monotonic() + 5) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        call_with_deadline(divmod, 1, 0, deadline=time.monotonic() + 5)


def test_without_child_processes_verification_runs_in_process(signed_pdf, pki, monkeypatch):
    def unavailable(*args, **kwargs):
        raise IsolationUnavailable("no processes here")

    monkeypatch.setattr(verify_module, "call_with_deadline", unavailable)
    assert verify_pdf(signed_pdf, [pki.root.cert_pem]).valid


def test_refusal_keeps_its_reason_through_pickling():
    import pickle

    refused = pickle.loads(pickle.dumps(VerificationRefused("too_many_revisions", limit=50,
                                                            found=51)))
    assert (refused.reason, refused.limit, refused.found) == ("too_many_revisions", 50, 51)
    assert refused.message == str(refused) and "(51; paling banyak 50)" in refused.message
    with pytest.raises(ValueError):
        VerificationRefused("bosan")


# --- deep and looping structures (never RecursionError) --------------------------------

def _deep_page_tree(signed: bytes, levels: int) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    pages = writer.root["/Pages"]
    kids, count = pages["/Kids"], pages["/Count"]
    for _ in range(levels):
        node = writer.add_object(generic.DictionaryObject({
            N("/Type"): N("/Pages"), N("/Kids"): kids, N("/Count"): count}))
        kids = generic.ArrayObject([node])
    pages[N("/Kids")] = kids
    writer.update_container(pages)
    return _write(writer)


def test_a_2000_level_page_tree_is_refused_not_a_recursion_error(signed_pdf, pki):
    started = time.monotonic()
    refused = _refused(_deep_page_tree(signed_pdf, 2000), pki)
    assert refused.reason == "too_deep" and refused.limit == 64
    assert time.monotonic() - started < 5


def test_a_2000_level_page_tree_is_refused_in_process_too(signed_pdf, pki):
    assert _refused(_deep_page_tree(signed_pdf, 2000), pki, isolated=False).reason == "too_deep"


def test_a_shallow_extra_page_tree_level_still_verifies(signed_pdf, pki):
    report = verify_pdf(_deep_page_tree(signed_pdf, 3), [pki.root.cert_pem])
    assert report.intact and report.modified_after_signing  # the tree changed after signing


def test_a_page_tree_loop_is_refused(signed_pdf, pki):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    pages_ref = writer.root.raw_get("/Pages")
    pages = pages_ref.get_object()
    pages["/Kids"].append(pages_ref)  # the root is its own child
    writer.update_container(pages)
    assert _refused(_write(writer), pki).reason == "reference_loop"


def test_a_form_field_loop_and_a_deep_field_tree_are_refused(signed_pdf, pki):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    form = writer.root["/AcroForm"]
    looping = generic.DictionaryObject({N("/T"): generic.TextStringObject("Putar")})
    looping_ref = writer.add_object(looping)
    looping[N("/Kids")] = generic.ArrayObject([looping_ref])
    form["/Fields"].append(looping_ref)
    writer.update_container(form) if isinstance(
        writer.root.raw_get("/AcroForm"), generic.IndirectObject) else writer.update_root()
    assert _refused(_write(writer), pki).reason == "reference_loop"

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    form = writer.root["/AcroForm"]
    child = None
    for depth in range(2000):
        node = generic.DictionaryObject({N("/T"): generic.TextStringObject(f"L{depth}")})
        if child is not None:
            node[N("/Kids")] = generic.ArrayObject([child])
        child = writer.add_object(node)
    form["/Fields"].append(child)
    writer.update_container(form) if isinstance(
        writer.root.raw_get("/AcroForm"), generic.IndirectObject) else writer.update_root()
    assert _refused(_write(writer), pki).reason == "too_deep"


def test_deeply_nested_objects_elsewhere_are_refused_as_too_deep(signed_pdf, pki):
    """Recursion inside pyHanko (parser, diff analysis) becomes a refusal, not a crash."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    nested = generic.ArrayObject()
    for _ in range(5000):
        nested = generic.ArrayObject([nested])
    writer.root[N("/Tiefe")] = writer.add_object(nested)
    writer.update_root()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)  # pyHanko's writer recurses too (the verifier keeps its limit)
    try:
        pdf = _write(writer)
    finally:
        sys.setrecursionlimit(limit)
    refused = _refused(pdf, pki)
    assert refused.reason == "too_deep"
