"""A malicious model uploader (an administrator's account, or a model from elsewhere): a form's
`$ref` to a server is refused at upload without that server being asked anything, and a script
built to burn CPU in C code (where no step counter runs) is stopped while the server answers."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.eoffice.admin.helpers import folder_files, make_zip, renamed, surat_tugas_data
from tests.security.conftest import from_address, new_address

pytestmark = pytest.mark.security
HOSTILE = "sum(map(sum, [range(100000)] * 3000))"  # 3e8 additions in C: seconds of one core


def _upload(server, files: dict[str, bytes]) -> requests.Response:
    return requests.post(f"{server.url}/api/v1/process-models", headers=server.token("admin"),
                         files={"file": ("model.zip", make_zip(files), "application/zip")}, timeout=60)


class _Recorder(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append(self.path)
        body = json.dumps({"type": "string"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/schema+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def schema_server():
    """A local http server that would hand out a schema, recording every request it receives."""
    handler = type("Recorder", (_Recorder,), {"seen": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler.seen
    httpd.shutdown()
    httpd.server_close()


def test_a_form_ref_to_a_local_server_is_refused_at_upload_and_nothing_is_fetched(server, schema_server):
    url, seen = schema_server
    files = renamed(folder_files("surat_tugas"), "surat_tugas_ref")
    form = json.loads(files["forms/start.json"])
    form["properties"]["destination"] = {"$ref": f"{url}/skema-tujuan.json"}
    files["forms/start.json"] = json.dumps(form).encode()
    response = _upload(server, files)
    assert response.status_code == 422, response.text[:500]
    assert "$ref" in json.dumps(response.json())
    time.sleep(0.5)  # a fetch made in the background would have arrived by now
    assert seen == []
    staff = server.token("staf.egov1")
    started = requests.post(f"{server.url}/api/v1/process-models/surat_tugas_ref/instances",
                            json={"data": surat_tugas_data()}, headers=staff, timeout=30)
    assert started.status_code == 404  # nothing was published


def test_a_script_burning_cpu_in_c_code_is_stopped_while_healthz_answers(server, health):
    files = renamed(folder_files("surat_tugas"), "surat_tugas_beban")
    bpmn = files["process.bpmn"].decode()
    script = "assignment_days = working_days(start_date, end_date)"
    assert script in bpmn
    files["process.bpmn"] = bpmn.replace(script, f"{script}\nbeban = {HOSTILE}").encode()
    uploaded = _upload(server, files)
    assert uploaded.status_code in (200, 201, 422), uploaded.text[:500]
    if uploaded.status_code == 422:  # refused before it could ever run: stopped too
        return
    staff = server.token("staf.egov1")
    with health() as probe:
        started = time.monotonic()
        response = requests.post(f"{server.url}/api/v1/process-models/surat_tugas_beban/instances",
                                 json={"data": surat_tugas_data()}, headers={**staff, **from_address(new_address())},
                                 timeout=120)
        elapsed = time.monotonic() - started
    assert response.status_code != 500, response.text[:500]
    stopped = response.status_code >= 400 or response.json()["status"] == "error"
    assert stopped, f"the script ran to its end in {elapsed:.1f} s: {response.text[:300]}"
    assert elapsed < 5, f"stopped only after {elapsed:.1f} s"
    assert probe.latencies and not probe.failures and max(probe.latencies) < 1, probe.summary()
