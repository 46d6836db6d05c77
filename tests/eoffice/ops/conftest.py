"""Fixtures for the operations tests: the example engine model deployed in the app database."""
from __future__ import annotations

import pytest
from sqlalchemy.orm import sessionmaker

from tests.workflows.conftest import MODELS, MovableClock, RecordingListener, add_working_days
from workflows.registry import load_model_dir
from workflows.runtime import Engine
from workflows.versions import deploy


@pytest.fixture
def wf_clock():
    return MovableClock()


@pytest.fixture
def wf_listener():
    return RecordingListener()  # a list append: safe across the threads of these tests under the GIL


@pytest.fixture
def wf_engine(wf_clock, wf_listener):
    return Engine(helpers={"add_working_days": add_working_days}, clock=wf_clock, listener=wf_listener)


@pytest.fixture
def make_session(app):
    from eoffice.app.extensions import db

    return sessionmaker(db.engine, expire_on_commit=False)


@pytest.fixture
def revisi_deployed(db_session):
    version = deploy(db_session, load_model_dir(MODELS / "revisi"))
    db_session.commit()
    return version
