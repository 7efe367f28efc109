"kill -9 in the middle of supernet training and of a RayEvaluator run; resuming loses and repeats nothing."
import os, signal, sqlite3, subprocess, sys, textwrap, time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _spawn(code: str, cwd: Path):
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(cond, proc, timeout=240):
    t0 = time.time()
    while not cond():
        if proc.poll() is not None: raise AssertionError(f"process ended early:\n{proc.stdout.read()}")
        if time.time() - t0 > timeout: raise AssertionError("timed out waiting")
        time.sleep(0.2)


SUPERNET = """
import sys, torch
from acenas_nb.data import load_dataset
from acenas_nb.supernet import Supernet, train_supernet
torch.manual_seed(0)
h = train_supernet(Supernet(C=4, N=1, in_channels=1), load_dataset("mnist5k", limit=600), epochs=4, batch_size=50,
                   ckpt=sys.argv[1] if len(sys.argv) > 1 else "ck.pt", progress=False, device="cpu")
print("EPOCHS", [r["epoch"] for r in h])
"""


def test_supernet_kill9_resume(tmp_path):
    ck = tmp_path / "ck.pt"
    p = _spawn(SUPERNET, tmp_path)
    _wait_for(ck.exists, p)                     # first epoch checkpointed
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    import torch
    first = torch.load(ck, weights_only=True)["epoch"]
    assert 1 <= first < 4
    out = subprocess.run([sys.executable, "-c", SUPERNET], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "EPOCHS [1, 2, 3, 4]" in out.stdout     # the finished epochs were kept, the rest trained once


RAY = """
from pathlib import Path
from acenas_nb.spaces.nb201 import NB201
from acenas_nb.evaluate import RayEvaluator
from acenas_nb.store import ResultStore
from acenas_nb.search import evaluate_cached
space = NB201(C=4, N=1)
archs = [space.enumerate()[i] for i in (3, 700, 1400, 2100, 2800, 3500)]
store = ResultStore("store.sqlite", space)
before = set(store.get("ray", 0))
ev = RayEvaluator(space, {"name": "mnist5k", "limit": 300}, epochs=1, batch_size=100, num_cpus=2)
evaluate_cached(ev, archs, store, "ray", 0)
print("EVALUATED_NOW", len(set(archs) - before))
"""


@pytest.mark.slow
def test_ray_kill9_resume(tmp_path):
    db = tmp_path / "store.sqlite"
    def n_rows():
        if not db.exists(): return 0
        try: return sqlite3.connect(db).execute("SELECT COUNT(*) FROM results").fetchone()[0]
        except sqlite3.OperationalError: return 0
    p = _spawn(RAY, tmp_path)
    _wait_for(lambda: n_rows() >= 2, p)
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    subprocess.run(["pkill", "-9", "-f", f"ray.*{tmp_path}"], check=False)
    kept = n_rows()
    assert 2 <= kept < 6
    out = subprocess.run([sys.executable, "-c", RAY], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"EVALUATED_NOW {6 - kept}" in out.stdout   # only what was missing was trained
    rows = sqlite3.connect(db).execute("SELECT arch FROM results").fetchall()
    assert len(rows) == 6 and len(set(rows)) == 6      # nothing lost, nothing twice
