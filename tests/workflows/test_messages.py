"""Engine messages: Indonesian strings that carry their msgid and params for the app to translate."""
from __future__ import annotations

import pickle

from workflows.errors import Problem
from workflows.forms import validate_form
from workflows.messages import Message, N_


def test_a_message_is_its_indonesian_text_and_keeps_msgid_and_params():
    message = Message(N_("terlalu pendek (minimal %(limit)s karakter)"), limit=3)
    assert message == "terlalu pendek (minimal 3 karakter)" and isinstance(message, str)
    assert message.msgid == "terlalu pendek (minimal %(limit)s karakter)" and message.params == {"limit": 3}
    assert Message(N_("wajib diisi")).params == {}


def test_a_message_survives_pickling_with_its_msgid():
    problem = Problem("process.bpmn", Message(N_("BPMN tidak valid: %(error)s"), error="50% rusak"))
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and again.message.msgid == "BPMN tidak valid: %(error)s"
    assert again.message.params == {"error": "50% rusak"}


def test_form_errors_carry_translatable_messages():
    schema = {"type": "object", "required": ["a"], "properties": {"b": {"type": "string", "maxLength": 2}}}
    errors = validate_form(schema, {"b": "panjang"})
    by_field = {e["field"]: e["message"] for e in errors}
    assert by_field == {"a": "wajib diisi", "b": "terlalu panjang (maksimal 2 karakter)"}
    assert by_field["b"].msgid == "terlalu panjang (maksimal %(limit)s karakter)"
    assert by_field["a"].msgid == "wajib diisi"
