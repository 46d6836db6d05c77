"""The sandbox's compile-time policy: RestrictedPython's rules plus guards around every operation
whose work depends on the size of its operands.

No imports, no `class` (refused with a clear message, so deploy-time validation reports it),
no names starting with an underscore (RestrictedPython). Rewritten into guard calls:
`+ - * % ** <<` (`_add_`…), operands of comparisons (`_cv_`, `in`/`==` on containers visit
every element), f-string fields (`_fmt_`, width and precision checked) and whole f-strings
(`_fstr_`), `*x`/`**x` unpacking (`_star_`/`_starstar_`), keys hashed by displays,
comprehensions and subscripts (`_hk_`, tuples re-hash all their elements), and — by
RestrictedPython — attribute access, subscripts, item assignment, augmented assignment and
print. A bare `except:` becomes `except Exception:` and every `finally:` block starts with
`_alive_()`, so a run the budget stopped cannot be resumed by the script it stopped.
Integer literals over `Limits.max_int_bits` are refused too.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from types import CodeType

from RestrictedPython import RestrictingNodeTransformer, compile_restricted_eval, compile_restricted_exec

from ..errors import ScriptError
from ..messages import Message, N_
from .budget import DEFAULT_LIMITS

_SANDBOX_FILES = frozenset({"<script>", "<expression>"})


def _constant(node: ast.AST) -> bool:
    """A literal whose value needs no guard (a number, a short text, a tuple of those)."""
    if isinstance(node, ast.Constant):
        return not isinstance(node.value, (str, bytes)) or len(node.value) < 1024
    return isinstance(node, ast.Tuple) and all(_constant(e) for e in node.elts)


class _GuardingTransformer(RestrictingNodeTransformer):
    """RestrictedPython's rules, plus every size- or work-dependent operation routed through a guard."""

    _BINOPS = {ast.Add: "_add_", ast.Sub: "_sub_", ast.Mult: "_mul_", ast.Mod: "_mod_",
               ast.Pow: "_pow_", ast.LShift: "_lshift_"}

    @staticmethod
    def _call(guard: str, args: list, like: ast.AST) -> ast.Call:
        call = ast.Call(func=ast.Name(id=guard, ctx=ast.Load()), args=args, keywords=[])
        return ast.fix_missing_locations(ast.copy_location(call, like))

    def _wrap(self, guard: str, node: ast.AST) -> ast.AST:
        if _constant(node) or (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                               and node.func.id in ("_cv_", "_hk_")):
            return node   # a literal, or already wrapped (the middle operand of a chain)
        return self._call(guard, [node], node)

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = self.node_contents_visit(node)
        guard = self._BINOPS.get(type(node.op))
        if guard is None:
            return node
        return self._call(guard, [node.left, node.right], node)

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        """One operand of each comparison is charged for what comparing may visit.

        Comparing two containers (`==`, `<`) visits pairs of elements and stops at the end of
        the shorter, so its work is bounded by the weight of either operand: the left one is
        charged (the right one when the left is a literal). `a in b` visits `b`, and hashes `a`
        when `b` is a set or dict: `b` is charged, and `a` when it is a tuple.
        """
        node = self.node_contents_visit(node)
        operands = [node.left, *node.comparators]
        for i, op in enumerate(node.ops):
            if isinstance(op, (ast.Is, ast.IsNot)):
                continue
            if isinstance(op, (ast.In, ast.NotIn)):
                operands[i] = self._wrap("_hk_", operands[i])   # hashed when `b` is a set or dict
                operands[i + 1] = self._wrap("_cv_", operands[i + 1])
            elif _constant(operands[i]):
                operands[i + 1] = self._wrap("_cv_", operands[i + 1])
            else:
                operands[i] = self._wrap("_cv_", operands[i])
        node.left, node.comparators = operands[0], operands[1:]
        return node

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        """`f'{x!r:>{w}}'`: the field is formatted by `_fmt_(x, conversion, spec)`, which checks the width."""
        node = self.node_contents_visit(node)
        spec = node.format_spec if node.format_spec is not None else ast.Constant(None)
        call = self._call("_fmt_", [node.value, ast.Constant(node.conversion), spec], node)
        return ast.copy_location(ast.FormattedValue(value=call, conversion=-1, format_spec=None), node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        node = self.node_contents_visit(node)
        if sum(isinstance(v, ast.FormattedValue) for v in node.values) < 2:
            return node   # one field: its size is checked by `_fmt_`, the rest is literal text
        return self._call("_fstr_", [node], node)

    def visit_Starred(self, node: ast.Starred) -> ast.AST:
        node = self.node_contents_visit(node)
        if isinstance(node.ctx, ast.Load):
            node.value = self._call("_star_", [node.value], node)
        return node

    def visit_keyword(self, node: ast.keyword) -> ast.AST:
        node = self.node_contents_visit(node)
        if node.arg is None:
            node.value = self._call("_starstar_", [node.value], node)
        return node

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        node = self.node_contents_visit(node)
        for i, (key, value) in enumerate(zip(node.keys, node.values)):
            if key is None:
                node.values[i] = self._call("_starstar_", [value], value)
            else:
                node.keys[i] = self._wrap("_hk_", key)
        return node

    def visit_Set(self, node: ast.Set) -> ast.AST:
        node = self.node_contents_visit(node)
        for e in node.elts:   # `{*x}` hashes every element of x (`*` was wrapped by visit_Starred)
            if isinstance(e, ast.Starred):
                e.value.func.id = "_starhash_"
        node.elts = [e if isinstance(e, ast.Starred) else self._wrap("_hk_", e) for e in node.elts]
        return node

    def visit_DictComp(self, node: ast.DictComp) -> ast.AST:
        node = super().visit_DictComp(node)
        node.key = self._wrap("_hk_", node.key)
        return node

    def visit_SetComp(self, node: ast.SetComp) -> ast.AST:
        node = super().visit_SetComp(node)
        node.elt = self._wrap("_hk_", node.elt)
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        node = super().visit_Subscript(node)
        if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice):
            node.slice = self._wrap("_hk_", node.slice)   # `d[key] = v`: hashing the key
        return node

    def visit_Try(self, node: ast.Try) -> ast.AST:
        """`except:` catches `Exception` only; `finally:` first checks that the run was not stopped."""
        node = self.node_contents_visit(node)
        for handler in node.handlers:
            if handler.type is None:
                handler.type = ast.copy_location(ast.Name(id="Exception", ctx=ast.Load()), handler)
        if node.finalbody:
            first = node.finalbody[0]
            node.finalbody.insert(0, ast.copy_location(ast.Expr(self._call("_alive_", [], first)), first))
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.error(node, "definisi class tidak diizinkan")
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if type(value) is int and value.bit_length() > DEFAULT_LIMITS.max_int_bits:
            self.error(node, f"bilangan bulat terlalu besar (maksimal {DEFAULT_LIMITS.max_int_bits} bit)")
        return self.node_contents_visit(node)


def _compile_errors(errors, fallback: str) -> ScriptError:
    return ScriptError("; ".join(errors) or fallback)


@lru_cache(maxsize=2048)
def compile_expression(source: str) -> CodeType:
    """Compile an expression under the sandbox rules (cached); raise ScriptError with the reasons."""
    try:
        result = compile_restricted_eval(source.strip(), "<expression>", policy=_GuardingTransformer)
    except ValueError as exc:   # e.g. an integer literal over Python's digit limit
        raise ScriptError(str(exc)[:200]) from None
    if result.errors or result.code is None:
        raise _compile_errors(result.errors, Message(N_("ekspresi tidak valid")))
    return result.code


@lru_cache(maxsize=2048)
def compile_script(source: str) -> CodeType:
    """Compile a script under the sandbox rules (cached); raise ScriptError with the reasons."""
    try:
        tree = ast.parse(source, "<script>")
    except SyntaxError as exc:
        raise ScriptError(f"Line {exc.lineno}: {exc.msg}") from exc
    except ValueError as exc:
        raise ScriptError(str(exc)[:200]) from None
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            raise ScriptError(Message(N_("import tidak diizinkan")))
        if isinstance(node, ast.ClassDef):
            raise ScriptError(Message(N_("definisi class tidak diizinkan (baris %(line)s)"), line=node.lineno))
    result = compile_restricted_exec(tree, "<script>", policy=_GuardingTransformer)
    if result.errors or result.code is None:
        raise _compile_errors(result.errors, Message(N_("skrip tidak valid")))
    return result.code


def compile_problem(source: str, mode: str = "eval") -> str | None:
    """Return why `source` does not compile under the sandbox, or None when it does."""
    try:
        (compile_expression if mode == "eval" else compile_script)(source)
    except ScriptError as exc:
        reason = exc.args[0] if exc.args else ""
        return reason if isinstance(reason, Message) else str(exc)
    return None
