"""Regular expressions of form schemas (`pattern`, `patternProperties`, `format: regex`), run by RE2.

Why RE2 (the `google-re2` wheel) and not Python's `re`: `re` backtracks, so a pattern such as
`^(a+)+$` against 27 characters takes seconds, and a model author cannot be expected to spot every
such pattern; any user who can submit the form could then hold a server worker. RE2 matches in time
linear in the input, whatever the pattern, so there is nothing to time out. (The `regex` module's
`timeout=` was the alternative: it keeps every Python feature but still spends the whole timeout on
each such field of each submission, and a timeout is a limit to tune rather than a guarantee.)

What it costs: RE2 has no lookahead, lookbehind or backreferences. A model using them is refused at
deploy with a message saying so (`pattern_problem`), and a form stored before could never use one
at run time either (`PatternError`). Otherwise the semantics are JSON Schema's (ECMA-262): a
pattern is searched for, not anchored; `\\d`, `\\w` and `\\s` are ASCII, as in ECMA-262; `$` is the
end of the text (Python's `$` also matched before a final newline); `\\p{L}` works; ECMA's
`\\uXXXX` and `\\u{X…}` escapes are translated to RE2's `\\x{…}`.

Bounds: a pattern is at most MAX_PATTERN_LENGTH characters; RE2 itself refuses counted repetitions
over 1000 and programs over its memory budget (8 MiB, RE2's default, which name patterns such as
`^[\\p{L} .'-]{1,100}$` need), so compiling is bounded too.
"""
from __future__ import annotations

import functools
import re

import re2

from .messages import Message, N_

MAX_PATTERN_LENGTH = 1000

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print every refused pattern to stderr
_ECMA_UNICODE_ESCAPE = re.compile(r"\\u(?:([0-9A-Fa-f]{4})|\{([0-9A-Fa-f]{1,6})\})")


class PatternError(ValueError):
    """The pattern is too long or RE2 refuses it; `args[0]` is RE2's reason (English)."""


def _translated(pattern: str) -> str:
    """ECMA-262's `\\uXXXX` / `\\u{X…}` escapes as RE2's `\\x{…}`; every other escape left as it is."""
    if "\\u" not in pattern:
        return pattern
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] != "\\":
            out.append(pattern[i])
            i += 1
            continue
        escape = _ECMA_UNICODE_ESCAPE.match(pattern, i)
        if escape:
            out.append("\\x{%s}" % (escape[1] or escape[2]))
            i = escape.end()
        else:  # an escaped character (possibly a backslash) is copied whole, so `\\u` stays literal
            out.append(pattern[i:i + 2])
            i += 2
    return "".join(out)


def _compile(pattern: str):
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"longer than {MAX_PATTERN_LENGTH} characters")
    try:
        return re2.compile(_translated(pattern), _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else ""
        raise PatternError(reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)) from None


_compiled = functools.lru_cache(maxsize=512)(_compile)  # the patterns of the forms in use


def pattern_problem(pattern: str, where: str) -> Message | None:
    """Why a schema pattern (at JSON pointer `where`) cannot be deployed, or None."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return Message(N_("pola di %(where)s terlalu panjang (%(length)s karakter, batas %(limit)s)"),
                       where=where, length=len(pattern), limit=MAX_PATTERN_LENGTH)
    try:
        _compiled(pattern)
    except PatternError as exc:
        return Message(N_("pola di %(where)s tidak valid atau tidak didukung (%(reason)s); "
                          "lookahead, lookbehind dan backreference tidak tersedia"), where=where, reason=exc.args[0])
    return None


def search(pattern: str, text: str) -> bool:
    """Whether `pattern` occurs in `text` (JSON Schema's semantics); PatternError when it cannot be used.

    A text with a lone surrogate (possible in JSON, not in UTF-8) matches no pattern.
    """
    compiled = _compiled(pattern)
    try:
        return compiled.search(text) is not None
    except UnicodeEncodeError:
        return False


def is_regex(text: object) -> bool:
    """`format: regex`: whether a submitted string is a pattern this module accepts (not cached)."""
    if not isinstance(text, str):
        return True
    try:
        _compile(text)
    except PatternError:
        return False
    return True
