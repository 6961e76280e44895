"""URL and file reading against a local server: one total deadline, a size cap, charset
fallback, binary bodies refused; the hub probe answers at once when offline."""

from __future__ import annotations

import http.server
import time

import pytest
from local_http import serve

from summarize.text import fetch
from summarize.text.fetch import decode_bytes, fetch_url, hub_reachable, read_source


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        routes = {
            "/charset": ("text/html; charset=x-unknown", "<p>Caf\u00e9 fell.</p>".encode("latin-1")),
            "/octet": ("application/octet-stream", bytes(range(256)) * 4),
            "/pdf": ("application/pdf", b"%PDF-1.7 ..."),
            "/png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            "/ok": ("text/html; charset=utf-8", "<p>Rain fell. \u2014 Roads shut.</p>".encode()),
            "/big": ("text/plain", b"a" * 5000),
        }
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(30):  # one byte a second: every read is quick, the whole is not
                try:
                    self.wfile.write(b"a")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(1)
            return
        ctype, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    with serve(_Handler) as url:
        yield url


@pytest.mark.timeout(30)  # the hang guard (a trickle that never ends would hit it)
def test_a_trickling_server_hits_the_total_deadline(server):
    with pytest.raises(OSError, match="no complete answer within 2 s"):
        fetch_url(f"{server}/slow", timeout=2)


@pytest.mark.timeout(60)
def test_bodies_that_are_not_text_are_refused(server):
    with pytest.raises(ValueError, match="application/octet-stream"):
        fetch_url(f"{server}/octet")
    with pytest.raises(ValueError, match="PDF"):
        fetch_url(f"{server}/pdf")
    with pytest.raises(ValueError, match="image/png"):
        fetch_url(f"{server}/png")


@pytest.mark.timeout(60)
def test_unknown_charset_falls_back_and_good_pages_read(server):
    assert fetch_url(f"{server}/charset") == "<p>Caf\u00e9 fell.</p>"
    assert "Roads shut" in fetch_url(f"{server}/ok")


@pytest.mark.timeout(60)
def test_size_cap_applies_to_pages_and_files(server, tmp_path, monkeypatch):
    monkeypatch.setattr(fetch, "MAX_BYTES", 1000)
    with pytest.raises(ValueError, match="larger than 1,000 bytes"):
        fetch_url(f"{server}/big")
    big = tmp_path / "big.txt"
    big.write_bytes(b"Rain fell. " * 200)
    with pytest.raises(ValueError, match="larger than 1,000 bytes"):
        read_source(str(big))


def test_files_decode_with_fallbacks(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 fell.".encode("cp1252"))
    assert read_source(str(latin)) == "Caf\u00e9 fell."
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(ValueError, match="binary"):
        read_source(str(binary))
    assert decode_bytes("\ufeffRain".encode("utf-8"), "bom") == "Rain"


def test_hub_probe_is_immediate_when_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert hub_reachable() is False
