"""warcio's ``br`` decoder on Google's brotli (Scrapy's), for our readers and warcio's tools."""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at interpreter start, where this module runs
    from types import ModuleType
    from typing import Any

#: The warcio module whose registry of decompressors this fills.
WARCIO_READERS = "warcio.bufferedreaders"


class WarcioBrotliDecompressor:
    """The brotlipy API warcio's readers call (``decompress``, ``flush``, ``unused_data``), over
    the ``process`` API of Google's ``brotli`` module.

    warcio 1.8 registers ``brotli.Decompressor`` for ``Content-Encoding: br`` as if it were
    brotlipy's, and sets ``unused_data`` on it: with Google's binding (a C type, no such
    attribute) every read of a br response fails, ``warcio check`` and ``wacz`` included.
    brotlipy cannot be installed beside it (both are the module ``brotli``, and Scrapy decodes
    with Google's ``process``).
    """

    def __init__(self) -> None:
        import brotli

        self._decompressor = brotli.Decompressor()
        #: Bytes past the end of the stream; brotli has no members to chain, so always None.
        self.unused_data: bytes | None = None

    def decompress(self, data: bytes, *args: Any) -> bytes:
        # *args: warcio forks pass a progress callback; it has no meaning for one stream.
        return self._decompressor.process(data)

    def flush(self) -> bytes:
        return b""


def install() -> bool:
    """Register the decompressor in warcio's ``BufferedReader.DECOMPRESSORS`` when the
    installed ``brotli`` is Google's (brotlipy's works as warcio expects); True if registered.

    See ``install_on_import`` for when it runs.
    """
    try:
        import brotli
        from warcio.bufferedreaders import BufferedReader
    except ImportError:
        return False
    if hasattr(brotli.Decompressor, "decompress"):
        return False
    BufferedReader.DECOMPRESSORS["br"] = WarcioBrotliDecompressor
    return True


# Finder and loader by protocol, not importlib.abc: that import alone would cost more than
# all the rest at each interpreter start.
class _Loader:
    """warcio's own loader of its readers module, then ``install()``."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: Any) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        install()


class _Finder:
    """Finds warcio's readers module as the other finders do, loaded by ``_Loader``."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != WARCIO_READERS:
            return None
        sys.meta_path.remove(self)  # once, and not to find itself
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install_on_import() -> None:
    """``install()`` now if warcio's readers are loaded, else as soon as they are.

    Lazy, because it runs at every interpreter start of the environment: the package installs
    ``news_archiver_warcio_br.pth``, so that ``warcio check`` and the other warcio tools read br
    responses too (warcio has no plugin entry point), and importing warcio costs 80 ms.
    ``archiver.warc`` calls it on import, for our own readers. A module of its own, outside
    ``archiver``: importing that package at every start would fix which checkout of it a
    process gets before Scrapy or pytest put the one they run from on ``sys.path``.
    """
    if WARCIO_READERS in sys.modules:
        install()
    elif not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
