"The project's own consistency checks, exercised on a scratch copy of the checkout."
import shutil, subprocess, sys, json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def scratch(tmp_path):
    "A copy of the parts of the checkout that the checks read."
    for name in ("nbs", "acenas_nb", ".ci"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    for name in ("settings.ini", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _check(root, what):
    return subprocess.run([sys.executable, str(root / ".ci" / "check_sync.py"), what],
                          cwd=root, capture_output=True, text=True)


def test_checks_pass_on_checkout(scratch):
    for what in ("clean", "export", "readme"):
        res = _check(scratch, what)
        assert res.returncode == 0, res.stdout + res.stderr


def test_edited_library_file_fails_and_is_kept(scratch):
    core = scratch / "acenas_nb" / "core.py"
    edited = core.read_text() + "\nHAND_EDIT = 1\n"
    core.write_text(edited)
    res = _check(scratch, "export")
    assert res.returncode != 0
    assert "out of sync" in res.stderr and "acenas_nb/core.py" in res.stderr and "nbdev_export" in res.stderr
    assert core.read_text() == edited  # the check never overwrites the user's edit


def test_dirty_notebook_fails_and_is_kept(scratch):
    nb_path = scratch / "nbs" / "00_core.ipynb"
    nb = json.loads(nb_path.read_text())
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["stray\n"]}]
    code["execution_count"] = 7
    nb["metadata"]["widgets"] = {"state": {}}
    dirty = json.dumps(nb, indent=1)
    nb_path.write_text(dirty)
    res = _check(scratch, "clean")
    assert res.returncode != 0
    assert "nbs/00_core.ipynb" in res.stderr and "nbdev_clean" in res.stderr
    assert nb_path.read_text() == dirty


def test_readme_out_of_sync_fails(scratch):
    (scratch / "README.md").write_text("# edited by hand\n")
    res = _check(scratch, "readme")
    assert res.returncode != 0 and "make readme" in res.stderr


def test_dgl_works_after_package_import():
    "A fresh interpreter: the package and the ranker import without DGL; DGL, taken through the package, runs forward and backward."
    code = ("import acenas_nb.core, acenas_nb.ranker, acenas_nb.cli, torch, sys\n"
            "assert 'dgl' not in sys.modules, 'DGL was imported eagerly'\n"
            "from acenas_nb.core import dgl\n"
            "from dgl.nn.pytorch import GraphConv, SortPooling\n"
            "g = dgl.batch([dgl.add_self_loop(dgl.graph(([0, 1], [1, 2]))), dgl.add_self_loop(dgl.graph(([0], [1])))])\n"
            "x = torch.randn(5, 4, requires_grad=True)\n"
            "h = GraphConv(4, 3)(g, x); out = SortPooling(2)(g, h); out.sum().backward()\n"
            "print(tuple(out.shape), x.grad is not None)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "(2, 6) True"
