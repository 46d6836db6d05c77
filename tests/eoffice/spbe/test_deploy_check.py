"""Deploying a model is refused when its [spbe] links are missing, unknown, of the wrong domain or retired."""
from __future__ import annotations

import pytest

from tests.eoffice.spbe.helpers import OFFICE_LINKS, deploy_model
from workflows.errors import ModelInvalid


def _problems(db_session, spbe) -> list[str]:
    with pytest.raises(ModelInvalid) as refused:
        deploy_model(db_session, "uji_spbe", spbe=spbe)
    db_session.rollback()
    return [f"{p.path}: {p.message}" for p in refused.value.problems]


def test_a_model_linked_to_all_six_domains_deploys(db_session):
    version = deploy_model(db_session, "uji_spbe")
    assert version.meta["spbe"]["RAB"] == ["RAB.09.06.01"]


def test_a_missing_domain_link_is_refused(db_session):
    problems = _problems(db_session, {k: v for k, v in OFFICE_LINKS.items() if k != "RAK"})
    assert problems == ["model.toml#spbe.RAK: tautan domain RAK (Keamanan) tidak ada: minimal satu kode diperlukan"]


def test_a_model_without_spbe_table_is_refused(db_session):
    assert "tabel [spbe] tidak ada" in _problems(db_session, False)[0]


def test_an_unknown_code_is_refused(db_session):
    problems = _problems(db_session, {**OFFICE_LINKS, "RAD": ["RAD.02.03.99"]})
    assert problems == ["model.toml#spbe.RAD: kode RAD.02.03.99 tidak terdaftar di registri arsitektur SPBE"]


def test_a_code_of_the_wrong_domain_is_refused(db_session):
    problems = _problems(db_session, {**OFFICE_LINKS, "RAB": ["RAL.02.07.01"]})
    assert problems == ["model.toml#spbe.RAB: kode RAL.02.07.01 adalah domain RAL, bukan RAB"]


def test_a_retired_record_is_refused(db_session):
    from eoffice.spbe.services import retire_record

    retire_record(db_session, "RAI.01.01.01", "admin")
    db_session.commit()
    problems = _problems(db_session, OFFICE_LINKS)
    assert len(problems) == 1 and "RAI.01.01.01" in problems[0] and "dipensiunkan" in problems[0]


def test_every_problem_is_listed_at_once(db_session):
    spbe = {"RAB": ["RAL.02.07.01"], "RAD": ["RAD.9"], "RAL": [], "RAA": ["RAA.01.03.01"], "RAI": ["RAI.01.01.01"],
            "layanan": ["x"]}
    problems = _problems(db_session, spbe)
    assert len(problems) == 5  # unknown key, RAB wrong domain, RAD malformed, RAL empty, RAK missing


def test_a_model_folder_with_bad_links_is_not_deployed_at_start_up_and_every_problem_is_logged(
        app, db_session, tmp_path, caplog):
    import logging

    from eoffice.processes import seed
    from tests.eoffice.spbe.helpers import model_files
    from workflows.models import ProcessModel

    folder = tmp_path / "uji_folder"
    links = {**{k: v for k, v in OFFICE_LINKS.items() if k != "RAK"}, "RAD": ["RAD.02.03.99"]}
    for path, data in model_files("uji_folder", spbe=links).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    models_dir = app.config["MODELS_DIR"]
    app.config["MODELS_DIR"] = str(tmp_path)
    try:
        with caplog.at_level(logging.ERROR, logger="eoffice.processes.seed"):
            seed.seed(db_session)
    finally:
        app.config["MODELS_DIR"] = models_dir
    db_session.commit()
    assert db_session.get(ProcessModel, "uji_folder") is None
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "uji_folder" in logged
    assert "tautan domain RAK" in logged and "RAD.02.03.99 tidak terdaftar" in logged
