"""`sage200cfg auth login|import|status` end to end against the simulator's Sage ID."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
import urllib.request

from native_helpers import COMPANY, ID_ENV, NATIVE_ENV, SECRET_ENV, native_cli
from rt_helpers import cli, make_plan, now_ms, res, since_iso, write_plan

from sage200cfg.runtime.auth.filestore import AuthProfile, FileTokenStore
from sage200cfg.runtime.auth.tokens import Tokens


def _config(tmp_path, name="testInstance", company=COMPANY):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps({
        "name": name, "element": {"key": "sage200"},
        "configuration": {"oauth.api.key": f"${{env:{ID_ENV}}}",
                          "oauth.api.secret": f"${{env:{SECRET_ENV}}}",
                          "company.name": company}}), encoding="utf-8")
    return path


def _login(sim, tmp_path, auth):
    env = {**os.environ, **NATIVE_ENV}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "auth", "login", "--config",
         str(_config(tmp_path)), "--auth-file", str(auth), "--authorize-url",
         sim.sim.authorize_url, "--token-url", sim.sim.token_url, "--timeout", "30"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stderr is not None
    assert proc.stderr.readline().startswith("Open this URL")
    url = proc.stderr.readline().strip()
    # The "browser": Sage ID redirects to the loopback callback, which answers a page.
    with urllib.request.urlopen(url, timeout=10) as page:
        assert b"Signed in" in page.read()
    out, err = proc.communicate(timeout=30)
    return proc.returncode, out, err, url


def test_login_end_to_end_against_the_authorize_endpoint(sim, tmp_path):
    auth = tmp_path / "auth" / "sage.json"
    code, out, err, url = _login(sim, tmp_path, auth)
    assert code == 0, err
    assert "code_challenge_method=S256" in url and "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in url
    assert url.startswith(sim.sim.base + "/authorize?audience=s200ukipd/sage200&")
    assert stat.S_IMODE(auth.stat().st_mode) == 0o600
    saved = json.loads(auth.read_text())
    assert saved["clientIdEnv"] == ID_ENV and saved["companies"] == {"testInstance": COMPANY}
    assert sim.sim.sage_id.refresh_tokens[saved["tokens"]["refreshToken"]] is True
    assert "signed in" in out
    # ... and the stored tokens poll.
    sim.create("customers", 4, now_ms() - 1000)
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    result = native_cli(sim, plan, tmp_path / "s.db", auth, "--since", since_iso(10))
    assert result.returncode == 0, result.stderr
    assert len(sim.received()) == 4


def test_status_never_shows_a_token(sim, tmp_path):
    auth = tmp_path / "sage.json"
    assert _login(sim, tmp_path, auth)[0] == 0
    result = cli("auth", "status", "--auth-file", str(auth))
    assert result.returncode == 0, result.stderr
    tokens = json.loads(auth.read_text())["tokens"]
    assert tokens["refreshToken"] not in result.stdout
    assert tokens["accessToken"] not in result.stdout
    assert "access token: expires in" in result.stdout
    assert f"instance 'testInstance': company '{COMPANY}'" in result.stdout
    assert f"client id variable: {ID_ENV}" in result.stdout


def test_import_reads_the_refresh_token_from_stdin(sim, tmp_path):
    auth = tmp_path / "sage.json"
    token = sim.call("/_sim/oauth/issue", {})["refresh_token"]
    result = subprocess.run(
        [sys.executable, "-m", "sage200cfg", "auth", "import", "--auth-file", str(auth),
         "--config", str(_config(tmp_path)), "--token-url", sim.sim.token_url],
        input=token + "\n", capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert token not in result.stdout + result.stderr
    assert stat.S_IMODE(auth.stat().st_mode) == 0o600
    assert FileTokenStore(auth).load().refresh_token == token  # type: ignore[union-attr]
    empty = cli("auth", "import", "--auth-file", str(auth))
    assert empty.returncode == 2 and "no refresh token on stdin" in empty.stderr


def test_a_spent_refresh_token_says_log_in_again_and_exits_2(sim, tmp_path):
    auth = tmp_path / "sage.json"
    token = sim.call("/_sim/oauth/issue", {})["refresh_token"]
    sim.sim.sage_id.refresh_tokens[token] = False  # used elsewhere already
    FileTokenStore(auth).create(AuthProfile(sim.sim.token_url, ID_ENV, SECRET_ENV,
                                            {"testInstance": COMPANY}), Tokens(token))
    plan = write_plan(tmp_path, make_plan(sim, [res("customers")]))
    result = native_cli(sim, plan, tmp_path / "s.db", auth)
    assert result.returncode == 2
    assert "log in again" in result.stderr and "Traceback" not in result.stderr
    assert token not in result.stderr


def test_refresh_token_revoked_mid_run_stops_and_loses_nothing(sim, tmp_path):
    from native_helpers import auth_file, run_native

    sim.create("customers", 60, now_ms() - 2000)
    plan = make_plan(sim, [res("customers", page_size=20)])
    state, auth = tmp_path / "s.db", auth_file(sim, tmp_path)
    original, pages = sim.sim.native.handle, []

    def revoking(request, rest):
        counted, response = original(request, rest)
        if counted:
            pages.append(1)
            if len(pages) == 1:  # the user revoked access: every token dies
                sage_id = sim.sim.sage_id
                sage_id.refresh_tokens = dict.fromkeys(sage_id.refresh_tokens, False)
                sage_id.expire_access_tokens()
        return counted, response

    sim.sim.native.handle = revoking
    since = since_iso(10)
    assert run_native(sim, plan, state, auth, since=since) == 1
    sim.sim.native.handle = original
    auth.unlink()
    auth = auth_file(sim, tmp_path)  # logged in again
    # The failed first poll created no watermark, so --since still applies (issue 11).
    assert run_native(sim, plan, state, auth, since=since) == 0
    assert set(sim.received()) == sim.changes()


def test_the_lock_serialises_refreshes_across_threads_of_stores(sim, tmp_path):
    """Eight sessions on one auth file refresh at once: exactly one token is spent each time."""
    from native_helpers import auth_file

    from sage200cfg.runtime.auth.oauth import SageIdClient
    from sage200cfg.runtime.auth.session import AccessTokens
    from sage200cfg.runtime.http.client import HttpClient
    from sage200cfg.runtime.simulator.sageid import CLIENT_ID, CLIENT_SECRET

    auth = auth_file(sim, tmp_path)
    http = HttpClient(timeout=10)
    sessions = [AccessTokens(FileTokenStore(auth), SageIdClient(http, sim.sim.token_url,
                                                                CLIENT_ID, CLIENT_SECRET))
                for _ in range(8)]
    got: list[str] = []
    threads = [threading.Thread(target=lambda s=s: got.append(s.token())) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    http.close()
    assert len(set(got)) == 1 and len(got) == 8  # one refresh, shared through the file
    assert sim.call("/_sim/oauth")["refreshes"] == 1
    assert sim.call("/_sim/oauth")["spentReuses"] == 0


def test_service_mode_stops_with_a_clear_message_when_the_login_is_gone(sim, tmp_path):
    from native_helpers import auth_file
    from rt_helpers import KEY, KEY_ENV, PASSWORD, PW_ENV

    sim.sim.sage_id.access_ttl = 0.5
    plan = write_plan(tmp_path, make_plan(sim, [res("customers", interval=1)]))
    auth = auth_file(sim, tmp_path)
    env = {**os.environ, KEY_ENV: KEY, PW_ENV: PASSWORD, **NATIVE_ENV}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "run", str(plan), "--transport", "sage200",
         "--auth-file", str(auth), "--api-url", sim.sim.native_base, "--state",
         str(tmp_path / "s.db"), "--since", since_iso(5)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 20
    while sim.call("/_sim/oauth")["refreshes"] < 2:  # running, through one expiry at least
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.1)
    sage_id = sim.sim.sage_id
    with sage_id.lock:  # the user revoked the app's access
        sage_id.refresh_tokens = dict.fromkeys(sage_id.refresh_tokens, False)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1, err
    assert "stopped: Sage ID refused the stored refresh token (spent or revoked)" in err
    assert "log in again" in err and "Traceback" not in err


def test_a_refused_sign_in_exits_2_and_writes_nothing(sim, tmp_path):
    from urllib.parse import parse_qs, urlsplit

    auth = tmp_path / "sage.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sage200cfg", "auth", "login", "--config",
         str(_config(tmp_path)), "--auth-file", str(auth), "--authorize-url",
         sim.sim.authorize_url, "--token-url", sim.sim.token_url, "--timeout", "30"],
        env={**os.environ, **NATIVE_ENV}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    proc.stderr.readline()
    query = parse_qs(urlsplit(proc.stderr.readline().strip()).query)
    callback = f"{query['redirect_uri'][0]}?error=access_denied&state={query['state'][0]}"
    with urllib.request.urlopen(callback, timeout=10) as page:
        page.read()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "refused the sign-in: access_denied" in err
    assert not auth.exists()


def test_an_unreadable_auth_file_is_a_clear_error(tmp_path):
    auth = tmp_path / "sage.json"
    auth.write_text("{not json", encoding="utf-8")
    result = cli("auth", "status", "--auth-file", str(auth))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: auth file {auth} is unreadable: JSONDecodeError"
