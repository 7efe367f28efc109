"A crafted dataset file never runs code, and bad image files are one line: CIFAR-10/100 and ImageNet16 pickles, npz arrays."
import os, pickle, subprocess, sys
from pathlib import Path

import numpy as np
import pytest


class _Payload:
    "Unpickling this writes `marker`: what a crafted dataset batch would do."
    def __init__(self, marker): self.marker = str(marker)
    def __reduce__(self): return (os.system, (f"touch {self.marker}",))


FILES = {"cifar10": ([f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"], 3072, "labels"),
         "cifar100": (["train", "test"], 3072, "fine_labels"),
         "imagenet16": ([f"train_data_batch_{i}" for i in range(1, 11)] + ["val_data"], 768, "labels")}


def _folder(root: Path, kind: str, crafted: str, marker: Path) -> Path:
    "A dataset folder of `kind` whose files are valid batches except `crafted`, which carries the payload."
    names, pix, key = FILES[kind]
    root.mkdir(parents=True)
    for n in names:
        d = {"data": np.zeros((4, pix), np.uint8), key: [1, 2, 3, 4]}
        if n == crafted: d["data"] = _Payload(marker)
        (root / n).write_bytes(pickle.dumps(d, protocol=2))
    return root


from clirun import InProcess as _acenas


@pytest.mark.parametrize("kind", list(FILES))
def test_crafted_batch_is_refused_before_it_runs(tmp_path, kind):
    from acenas_nb.data import load_dataset
    crafted = FILES[kind][0][1]
    root = _folder(tmp_path / kind, kind, crafted, tmp_path / "ran")
    with pytest.raises(ValueError, match=f"{crafted} was refused and not loaded"): load_dataset(kind, root)
    assert not (tmp_path / "ran").exists()                   # the payload never ran


def test_crafted_batch_through_both_commands(tmp_path):
    root = _folder(tmp_path / "c10", "cifar10", "test_batch", tmp_path / "ran")
    r = _acenas("supernet", "--data", "cifar10", "--root", str(root), "--epochs", "1", "--ckpt", str(tmp_path / "ck.pt"))
    assert r.returncode != 0 and "Traceback" not in r.stderr and "test_batch was refused" in r.stderr, r.stderr[-2000:]
    out = tmp_path / "run"
    r = _acenas("run", "-p", "dataset", "cifar10", "-p", "data_dir", str(root), "--out", str(out))
    assert r.returncode != 0 and "Traceback" not in r.stderr and "test_batch was refused" in r.stderr, r.stderr[-2000:]
    assert not (tmp_path / "ran").exists() and not (tmp_path / "ck.pt").exists()
    assert not (out / "run.json").exists()                   # refused before the run folder was claimed


def test_npz_problems_are_one_line_and_claim_nothing(tmp_path):
    x, y = np.zeros((20, 8, 8, 3), np.uint8), np.arange(20) % 4
    np.savez(tmp_path / "float.npz", x=x.astype(np.float32), y=y)       # the other cases: nbs/03_data.ipynb
    for name, needle in [("float", "x is float32; expected uint8"), ("missing", "missing.npz is missing")]:
        out = tmp_path / f"run_{name}"
        r = _acenas("run", "-p", "dataset", "npz", "-p", "data_dir", str(tmp_path / f"{name}.npz"), "--out", str(out))
        assert r.returncode != 0 and "Traceback" not in r.stderr and needle in r.stderr and f"{name}.npz" in r.stderr, r.stderr[-2000:]
        assert not (out / "run.json").exists()
    r = _acenas("supernet", "--data", "npz", "--root", str(tmp_path / "float.npz"), "--epochs", "1", "--ckpt", str(tmp_path / "c.pt"))
    assert r.returncode != 0 and "Traceback" not in r.stderr and "x is float32" in r.stderr, r.stderr[-2000:]
