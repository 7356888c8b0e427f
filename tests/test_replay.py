"""Replay: `scrapy replay` prints archived responses; pywb, a real replay tool, serves our WARCs."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from tests.demo_archive import DemoArchive, demo_archive, scrapy

ARTICLE = "news/article/russia-no-concrete-fact-chechnya"
# pywb pins redis==2.10.6 and brings brotlipy, whose `brotli` module shadows the one Scrapy
# decodes br with: it lives in its own virtualenv, as archivists install replay tools anyway.
PYWB_HOME = Path(os.environ.get("ARCHIVER_PYWB_HOME", Path.home() / ".cache/news-archiver/pywb"))
# warcio reads br bodies through this binding alone (its own floor: older ones are refused).
PYWB_BROTLI = "brotlicffi>=1.2.1.0"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoArchive:
    return demo_archive(tmp_path_factory)


def _replay(demo: DemoArchive, *args: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [Path(sys.executable).parent / "scrapy", "replay", "--dir", demo.warc_dir, *args],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        timeout=120,
    )


def _url(demo: DemoArchive, path: str) -> str:
    base = demo.items[0]["url"].split("/news/")[0]
    return f"{base}/{path}"


def test_replay_prints_status_headers_and_decoded_body(demo: DemoArchive) -> None:
    url = _url(demo, ARTICLE)
    result = _replay(demo, url)
    assert result.returncode == 0, result.stderr
    head, _, body = result.stdout.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK"
    assert "Content-Encoding: gzip" in lines  # headers as archived...
    assert body.startswith(b"<!DOCTYPE html>")  # ...body decoded
    assert b"not a single concrete fact" in body
    item = next(i for i in demo.items if i["url"] == url)
    assert item["warc"]["record_id"] in result.stderr.decode()

    home = _replay(demo, _url(demo, ""), "--time", "20170531")
    assert home.returncode == 0
    assert b"Transfer-Encoding: chunked" in home.stdout
    assert home.stdout.rstrip().endswith(b"</html>")  # de-chunked: no "0\r\n\r\n" left


def test_replay_closest_time_revisit_and_index(demo: DemoArchive, tmp_path: Path) -> None:
    warcs = tmp_path / "warcs"
    shutil.copytree(demo.warc_dir, warcs)
    url = _url(demo, ARTICLE)
    [warc] = demo.warcs
    with open(warc, "rb") as fh:
        orig = next(
            r
            for r in ArchiveIterator(fh)
            if r.rec_type == "response" and r.rec_headers.get_header("WARC-Target-URI") == url
        )
        digest, http_headers = orig.rec_headers.get_header("WARC-Payload-Digest"), orig.http_headers
    with open(warcs / "later.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        rec = writer.create_revisit_record(
            url, digest=digest, refers_to_uri=url, refers_to_date="2026-01-01T00:00:00Z",
            http_headers=http_headers, warc_headers_dict={"WARC-Date": "2030-01-01T00:00:00Z"},
        )  # fmt: skip
        writer.write_record(rec)
    assert scrapy("warc-index", warcs).returncode == 0
    listing = _replay(demo, url, "--list", "--index", warcs / "index.cdxj")
    assert listing.returncode == 0
    assert [line.split()[2] for line in listing.stdout.decode().splitlines()] == [
        "text/html", "warc/revisit"
    ]  # fmt: skip
    later = _replay(demo, url, "--index", warcs / "index.cdxj", "--time", "2031")
    assert later.returncode == 0, later.stderr
    assert b"revisit" in later.stderr and b"2030-01-01" in later.stderr
    assert b"not a single concrete fact" in later.stdout
    missing = _replay(demo, url + "-nope")
    said = missing.stderr.decode()
    # The URL, where it was looked for, what to try; no internal index key.
    assert missing.returncode == 1 and f"{url}-nope is not archived in " in said, said
    assert "--list" in said and "--dir" in said and "(key " not in said


def _pywb_bin() -> Path:
    # Locked: test processes running in parallel (pytest -n) would install into one folder
    # at once; the first installs, the others wait and find it there.
    PYWB_HOME.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(PYWB_HOME.with_name(PYWB_HOME.name + ".lock")):
        return _install_pywb()


def _install_pywb() -> Path:
    if (PYWB_HOME / "bin" / "wayback").exists() and _reads_br(PYWB_HOME / "bin" / "python"):
        return PYWB_HOME / "bin"
    try:
        subprocess.run([sys.executable, "-m", "venv", PYWB_HOME], check=True, timeout=120)
        # warcio 1.8.2 decodes br only through brotlicffi (1.2.1 or newer, earlier ones it
        # refuses as vulnerable); pywb itself still pulls brotlipy, which warcio no longer reads.
        subprocess.run(
            [PYWB_HOME / "bin" / "pip", "install", "-q", "pywb", PYWB_BROTLI],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        why = getattr(exc, "stderr", "") or ""
        pytest.skip(f"pywb could not be installed into {PYWB_HOME}: {exc} {why}")
    return PYWB_HOME / "bin"


def _reads_br(python: Path) -> bool:
    """Whether the warcio of that interpreter decodes br bodies (a venv made before brotlicffi)."""
    code = (
        "import sys, warcio.bufferedreaders as b;"
        "sys.exit('br' not in b.BufferedReader.DECOMPRESSORS)"
    )
    return subprocess.run([python, "-c", code], capture_output=True, timeout=60).returncode == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pywb(demo: DemoArchive, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """pywb's wayback on 127.0.0.1 with two collections: `demo` (wb-manager add) and `ours`
    (our WARC directory and the index `scrapy warc-index` wrote, as they are)."""
    bin_dir = _pywb_bin()
    root = tmp_path_factory.mktemp("pywb")
    run = {"cwd": root, "check": True, "capture_output": True, "timeout": 120}
    subprocess.run([bin_dir / "wb-manager", "init", "demo"], **run)
    subprocess.run([bin_dir / "wb-manager", "add", "demo", *demo.warcs], **run)
    subprocess.run([bin_dir / "wb-manager", "init", "ours"], **run)
    ours = root / "collections" / "ours"
    assert (
        scrapy("warc-index", demo.warc_dir, "-o", ours / "indexes" / "index.cdxj").returncode == 0
    )
    for warc in demo.warcs:
        (ours / "archive" / warc.name).symlink_to(warc)
    port = _free_port()
    proc = subprocess.Popen(
        [bin_dir / "wayback", "-b", "127.0.0.1", "-p", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    pytest.fail(f"wayback exited: {proc.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=30) as resp:
        body = resp.read()
        headers = {k.lower(): v for k, v in resp.headers.items()}
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return resp.status, headers, body


@pytest.mark.parametrize("collection", ["demo", "ours"])
def test_pywb_replays_our_warc(demo: DemoArchive, pywb: str, collection: str) -> None:
    url = _url(demo, ARTICLE)
    item = next(i for i in demo.items if i["url"] == url)
    stamp = item["fetched_at"][:19].replace("-", "").replace(":", "").replace("T", "")
    status, headers, body = _get(f"{pywb}/{collection}/{stamp}id_/{url}")
    assert status == 200
    assert body.startswith(b"<!DOCTYPE html>") and b"not a single concrete fact" in body
    status, _, page = _get(f"{pywb}/{collection}/mp_/{url}")
    assert status == 200
    # Rewritten for replay: links point back into the archive, not the live site.
    assert f"/{collection}/".encode() in page and b"not a single concrete fact" in page
