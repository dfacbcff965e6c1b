"""Configuration rules and `python -m hardware_bridge` as a real process."""

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from hardware_bridge.config import DEV_ORIGINS, DEV_SECRET, DEV_TOKEN, ConfigError, load_config

from .conftest import ORIGIN, SECRET, TOKEN

ROOT = Path(__file__).resolve().parents[2]
BASE = ["--kiosk-id", "lobby-1", "--token", TOKEN, "--secret", SECRET, "--origin", ORIGIN]


def test_defaults_and_flags():
    cfg = load_config([*BASE, "--scanner", "/dev/ttyACM0", "--framing", "lf", "--baud", "115200"], environ={})
    assert (cfg.host, cfg.port, cfg.baud, cfg.framing) == ("127.0.0.1", 8765, 115200, "lf")
    assert cfg.origins == (ORIGIN,) and cfg.scanner == "/dev/ttyACM0" and not cfg.simulate


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_non_loopback_host_is_refused(host):
    with pytest.raises(ConfigError, match="loopback"):
        load_config([*BASE, "--simulate", "--host", host], environ={})


@pytest.mark.parametrize("host, bound", [("::1", "::1"), ("localhost", "127.0.0.1"), ("127.0.0.2", "127.0.0.2")])
def test_loopback_hosts_are_accepted(host, bound):
    assert load_config([*BASE, "--simulate", "--host", host], environ={}).host == bound


@pytest.mark.parametrize("drop, message", [
    ("--token", "missing pairing token"),
    ("--secret", "missing kiosk secret"),
    ("--origin", "at least one --origin"),
    ("--kiosk-id", "missing --kiosk-id"),
])
def test_missing_required_settings(drop, message):
    argv = list(BASE)
    i = argv.index(drop)
    del argv[i:i + 2]
    with pytest.raises(ConfigError, match=message):
        load_config([*argv, "--simulate"], environ={})


def test_other_invalid_settings():
    with pytest.raises(ConfigError, match="at least 16"):
        load_config(["--kiosk-id", "k", "--token", "short", "--secret", SECRET, "--origin", ORIGIN,
                     "--simulate"], environ={})
    with pytest.raises(ConfigError, match="no devices"):
        load_config(BASE, environ={})
    with pytest.raises(ConfigError, match="origin"):
        load_config([*BASE, "--simulate", "--origin", "hub.example.org"], environ={})
    with pytest.raises(ConfigError, match="only allowed together with --simulate"):
        load_config(["--dev", "--scanner", "/dev/ttyACM0"], environ={})


def test_dev_mode_fills_public_values_only_with_simulate():
    cfg = load_config(["--simulate", "--dev"], environ={})
    assert (cfg.token, cfg.secret, cfg.origins) == (DEV_TOKEN, DEV_SECRET, DEV_ORIGINS)


def test_config_file_env_and_flags_precedence(tmp_path):
    path = tmp_path / "bridge.json"
    path.write_text(json.dumps({"kiosk-id": "from-file", "token": "file-token-0123456789",
                                "origins": [ORIGIN + "/"], "scanner": "/dev/ttyUSB0", "port": 9000}))
    cfg = load_config(["--config", str(path), "--port", "9100"],
                      environ={"HUB_BRIDGE_SECRET": SECRET, "HUB_BRIDGE_TOKEN": "env-token-0123456789"})
    assert cfg.kiosk_id == "from-file" and cfg.port == 9100 and cfg.secret == SECRET
    assert cfg.token == "env-token-0123456789"  # environment beats the file
    assert cfg.origins == (ORIGIN,)  # trailing slash normalised

    path.write_text(json.dumps({"kiosk_id": "x", "prot": 1}))
    with pytest.raises(ConfigError, match="unknown key 'prot'"):
        load_config(["--config", str(path)], environ={})


def test_process_starts_prints_url_serves_and_stops_cleanly():
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_BRIDGE_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hardware_bridge", "--simulate", "--dev", "--port", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.search(r"listening on (ws://127\.0\.0\.1:\d+/)", line)
        assert match, (line, proc.stderr.read() if proc.poll() is not None else "")

        async def hello():
            async with connect(f"{match.group(1)}?token={DEV_TOKEN}", origin=DEV_ORIGINS[0]) as ws:
                return json.loads(await asyncio.wait_for(ws.recv(), 5))

        msg = asyncio.run(hello())
        assert msg["type"] == "hello" and msg["data"]["kiosk_id"] == "dev-kiosk"
        assert len(msg["data"]["devices"]) == 3
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def test_process_refuses_bad_config_with_a_clear_message():
    result = subprocess.run([sys.executable, "-m", "hardware_bridge", "--simulate", "--host", "0.0.0.0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=30,
                            env={k: v for k, v in os.environ.items() if not k.startswith("HUB_BRIDGE_")})
    assert result.returncode == 2
    assert result.stderr.startswith("hardware_bridge: error: ")


def test_bridge_imports_nothing_from_the_web_app():
    """The bridge is its own process; its only contract with the app is PROTOCOL.md."""
    code = (
        "import sys, hardware_bridge.__main__, hardware_bridge.bridge, hardware_bridge.server\n"
        "import hardware_bridge.devices.serial_reader, hardware_bridge.devices.image_scanner\n"
        "import hardware_bridge.devices.simulated, hardware_bridge.devices.terminal\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('community_hub', 'state', 'components', 'reflex', 'sqlmodel', 'sqlalchemy'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
