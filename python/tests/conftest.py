"""Shared fixtures of the Python package's tests: the installed `entente` module and the
`entente` binary they compare it with. Without either, the tests skip with a notice; under
CI=true they fail instead."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def need(what: str) -> None:
    """Skip, or fail under CI=true, when something the test needs is absent."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI=true requires it")
    pytest.skip(f"skipped: {what} is missing")


@pytest.fixture(scope="session")
def entente():
    try:
        import entente as module
    except ImportError:
        need("the entente Python package (build it with maturin, see docs/python.md)")
    return module


@pytest.fixture(scope="session")
def scenario(entente):
    return entente.load()


@pytest.fixture(scope="session")
def cli():
    binary = pathlib.Path(os.environ.get("ENTENTE_BIN", ROOT / "target" / "debug" / "entente"))
    if not binary.exists():
        need(f"the entente binary ({binary}; build it with `cargo build -p entente-cli`)")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(binary), *args], capture_output=True, text=True, cwd=ROOT, timeout=600
        )

    return run
