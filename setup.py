"""Installs news_archiver_warcio_br.pth beside the packages (pyproject.toml has the rest)."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.editable_wheel import editable_wheel

# Run at interpreter start, it registers news_archiver_warcio_br in warcio, so that `warcio check`
# and other warcio tools read br responses: warcio has no plugin entry point to do it with.
PTH = "news_archiver_warcio_br.pth"


class BuildPy(build_py):
    """A wheel's top-level files land in site-packages, where .pth files are read."""

    def run(self) -> None:
        super().run()
        self.copy_file(PTH, str(Path(self.build_lib) / PTH), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), str(Path(self.build_lib) / PTH)]


class EditableWheel(editable_wheel):
    """An editable wheel holds only a finder: the .pth goes into it too (pip install -e)."""

    def _run_build_commands(self, dist_name, unpacked_wheel, build_lib, tmp_dir):  # noqa: ANN001, ANN202
        found = super()._run_build_commands(dist_name, unpacked_wheel, build_lib, tmp_dir)
        shutil.copy(PTH, Path(unpacked_wheel) / PTH)
        return found


setup(cmdclass={"build_py": BuildPy, "editable_wheel": EditableWheel})
