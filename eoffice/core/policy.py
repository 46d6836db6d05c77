"""The one permission policy: every view and API endpoint asks `authorize(actor, action, target)`.

Rules are plain functions keyed by action name, grouped below by capability. The auditor role
reads everything and changes nothing; that is enforced here, not in each view.
"""
from __future__ import annotations

from typing import Any, Callable

from eoffice.core.errors import NotFound, PermissionDenied

Rule = Callable[[Any, Any], bool]
RULES: dict[str, Rule] = {}
READ_ONLY_ROLES = {"auditor"}


def rule(action: str, *, writes: bool = True):
    """Register the rule for an action; writing actions are refused to read-only roles."""

    def decorate(fn: Rule) -> Rule:
        def checked(actor, target):
            if writes and actor.roles & READ_ONLY_ROLES and not actor.roles - READ_ONLY_ROLES - {"konseptor"}:
                return False
            return fn(actor, target)

        RULES[action] = checked
        return fn

    return decorate


def can(actor, action: str, target: Any = None) -> bool:
    if actor is None:
        return False
    check = RULES.get(action)
    if check is None:
        raise KeyError(f"no policy rule for {action!r}")
    return bool(check(actor, target))


def authorize(actor, action: str, target: Any = None, *, hide: bool = False) -> None:
    """Raise PermissionDenied (or NotFound when `hide`, so existence is not revealed)."""
    if not can(actor, action, target):
        if hide:
            raise NotFound(action)
        raise PermissionDenied()


def is_admin(actor) -> bool:
    return "admin" in actor.roles


def is_auditor(actor) -> bool:
    return "auditor" in actor.roles


# --- org --------------------------------------------------------------------------------------
@rule("org.view", writes=False)
def _org_view(actor, _target):
    return True


@rule("org.manage_delegations")
def _org_delegations(actor, _target):
    return is_admin(actor)


# --- administration ---------------------------------------------------------------------------
@rule("admin.access")
def _admin_access(actor, _target):
    return is_admin(actor)


# --- spbe (architecture registry; everyone signed in reads, administrators change) ------------
@rule("spbe.view", writes=False)
def _spbe_view(actor, _target):
    return True


@rule("spbe.manage")
def _spbe_manage(actor, _target):
    return is_admin(actor)


# --- admin: process-model administration (auditors read) ----------------------------------------
@rule("admin.models.view", writes=False)
def _admin_models_view(actor, _target):
    return is_admin(actor) or is_auditor(actor)


@rule("admin.models.manage")
def _admin_models_manage(actor, _target):
    return is_admin(actor)


# --- processes and inbox (catalogue, instances, tasks) ----------------------------------------
@rule("processes.view_catalogue", writes=False)
def _processes_catalogue(actor, _target):
    return True


@rule("processes.start")
def _processes_start(actor, meta):
    """Catalogue models are open to every employee; others are started by their own capability."""
    return bool((meta or {}).get("catalogue")) or is_admin(actor)


@rule("processes.view_instance", writes=False)
def _processes_view_instance(actor, access):
    """Its starter, anyone who is or was offered or did one of its tasks, auditors, administrators."""
    return is_auditor(actor) or is_admin(actor) or bool(access and (access.starter or access.participant))


@rule("processes.complete_task")
def _processes_complete_task(actor, offered):
    return bool(offered)


@rule("inbox.view", writes=False)
def _inbox_view(actor, _target):
    return True


# --- audit ------------------------------------------------------------------------------------
@rule("audit.view_all", writes=False)
def _audit_view_all(actor, _target):
    return is_auditor(actor) or is_admin(actor)


# --- letters, dispositions, notifications -----------------------------------------------------
# Row-level visibility of a letter (confidential letters: only the people on its path) is decided
# by eoffice.letters.access in the services, which answer "not found" to everyone else.
@rule("letters.register")
def _letters_register(actor, opd_unit_id):
    """Only a pencatat surat of the receiving OPD registers its incoming letters."""
    return opd_unit_id is not None and opd_unit_id in actor.pencatat_units


@rule("letters.view", writes=False)
def _letters_view(actor, _target):
    return True


@rule("letters.manage_classifications")
def _letters_manage_classifications(actor, _target):
    return is_admin(actor)


@rule("dispositions.act")
def _dispositions_act(actor, _target):
    """Disposing, reporting and cancelling; the services check the position on the letter's path."""
    return bool(actor.position_ids)


@rule("notifications.view", writes=False)
def _notifications_view(actor, _target):
    return True


# --- outgoing letters and signing --------------------------------------------------------------
# Row-level visibility of an outgoing letter (drafter, paraf path, signer; confidential letters
# only them) is decided by eoffice.outgoing.services.may_see, which answers "not found" otherwise.
@rule("outgoing.draft")
def _outgoing_draft(actor, _target):
    """Any staff member holding a position may draft."""
    return actor.own_position_id is not None


@rule("outgoing.view", writes=False)
def _outgoing_view(actor, _target):
    return True


@rule("signing.manage_own_key")
def _signing_manage_own_key(actor, _target):
    return actor.own_position_id is not None


@rule("signing.verify", writes=False)
def _signing_verify(actor, _target):
    """The verification page and API are public (anyone holding the letter or its QR code)."""
    return True


# --- records exchange packages (beside SRIKANDI) -----------------------------------------------
# One letter's package follows the letter's own visibility (eoffice.letters.access.may_see,
# checked in the records services: "not found" otherwise).
@rule("records.export_letter", writes=False)
def _records_export_letter(actor, _target):
    return True


@rule("records.export_bulk", writes=False)
def _records_export_bulk(actor, opd_unit_id):
    """An administrator, or a pencatat surat of that OPD; confidential letters stay path-only."""
    return is_admin(actor) or (opd_unit_id is not None and opd_unit_id in actor.pencatat_units)


@rule("records.exchange", writes=False)
def _records_exchange(actor, _target):
    """Who sees the records-exchange page in the menu: administrators and pencatat surat."""
    return is_admin(actor) or bool(actor.pencatat_units)


@rule("records.import")
def _records_import(actor, opd_unit_id):
    """Only a pencatat surat of the receiving OPD registers a package as its incoming letter."""
    return opd_unit_id is not None and opd_unit_id in actor.pencatat_units
