"A crafted checkpoint never runs code: ranker load, `acenas bench` resume and supernet (pipeline) resume refuse it."
import json, os, subprocess, sys
from pathlib import Path

import numpy as np
import pytest
import torch


class _Evil:
    "Unpickling this writes `marker`: what an attacker's planted checkpoint would do."
    def __init__(self, marker): self.marker = str(marker)
    def __reduce__(self): return (os.system, (f"touch {self.marker}",))


def _plant(path: Path, marker: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"kind": "acenas_nb.Ranker", "payload": _Evil(marker)}, path)
    return path


def _tiny_jsonl(path: Path, n=40, seed=0) -> Path:
    "A small bring-your-own table: 4-node chains of random ops with an accuracy, FLOPs, params and a weak column."
    rng = np.random.default_rng(seed); ops = ["conv", "pool", "skip"]
    with open(path, "w") as f:
        for i in range(n):
            nodes = ["input", *rng.choice(ops, 2).tolist(), "output"]
            acc = 90 + nodes.count("conv") + rng.normal(0, 0.3)
            f.write(json.dumps({"id": f"a{i}", "nodes": nodes, "edges": [[0, 1], [1, 2], [2, 3], [0, 3]], "acc": acc,
                                "flops": nodes.count("conv") + 0.1 * i, "params": nodes.count("conv") * 2 + 0.01 * i, "weak": acc + rng.normal(0, 1)}) + "\n")
    return path


def test_fit_load_refuses_crafted_pickle(tmp_path):
    from acenas_nb.fit import load
    marker = tmp_path / "pwned"
    p = _plant(tmp_path / "ranker.pt", marker)
    with pytest.raises(ValueError, match="could run code"): load(p)
    assert not marker.exists()


def test_bench_resume_refuses_planted_pretrained(tmp_path):
    table, out, marker = _tiny_jsonl(tmp_path / "t.jsonl"), tmp_path / "bench", tmp_path / "pwned"
    from acenas_nb.task import pretrain_filename
    from acenas_nb.fit import PretrainConfig
    for name in ("paper", "paper_proxies", "proxies", "flops_params", "flops"):     # where the run below looks for its pretrained rankers
        _plant(out / pretrain_filename(name, 0, PretrainConfig(epochs=1)), marker)
    r = subprocess.run([sys.executable, "-m", "acenas_nb.cli", "bench", "--space", "table", "--table", str(table), "--label", "acc",
                        "--weak", "weak", "--seeds", "1", "--budgets", "10", "--topk", "2", "--methods", "acenas,brp_nas",
                        "--pretrain-epochs", "1", "--finetune-epochs", "2", "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode != 0 and "could run code" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not marker.exists()


def test_supernet_resume_refuses_planted_checkpoint(tmp_path):
    "The pipeline resumes its supernet through `train_supernet(ckpt=out/'supernet.pt')`: the same call here."
    from acenas_nb.data import load_dataset
    from acenas_nb.supernet import Supernet, train_supernet
    marker = tmp_path / "pwned"
    ck = _plant(tmp_path / "supernet.pt", marker)
    with pytest.raises(ValueError, match="could run code"):
        train_supernet(Supernet(C=4, N=1, in_channels=1), load_dataset("mnist5k", limit=100), epochs=1, batch_size=50,
                       ckpt=ck, device="cpu", progress=False)
    assert not marker.exists()


def test_acenas_run_refuses_planted_supernet(tmp_path):
    out, marker = tmp_path / "run", tmp_path / "pwned"
    _plant(out / "supernet.pt", marker)
    r = subprocess.run([sys.executable, "-m", "acenas_nb.cli", "run", "-p", "supernet_C", "4", "-p", "supernet_epochs", "1",
                        "-p", "n_weak", "4", "-p", "budget", "4", "-p", "rounds", "2", "-p", "topk", "1", "-p", "device", "cpu",
                        "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert r.returncode != 0 and "could run code" in r.stdout + r.stderr
    assert not marker.exists()


from clirun import InProcess as _cli, one_line as _one_line


def test_damaged_supernet_checkpoints_are_one_line(tmp_path):
    ck = tmp_path / "ck.pt"
    r = _cli("supernet", "--data", "digits", "--C", "4", "--epochs", "2", "--max-steps", "2", "--device", "cpu", "--ckpt", str(ck))
    assert r.returncode == 0, r.stderr[-2000:]
    st = torch.load(ck, weights_only=True)
    torch.save({**st, "signature": {**st["signature"], "net": {**st["signature"]["net"], "colour": 3}}}, tmp_path / "key.pt")
    _one_line(_cli("weak-labels", "--ckpt", str(tmp_path / "key.pt"), "--data", "digits", "--n", "2"), "is not one this version builds")
    torch.save({**st, "signature": "abc"}, tmp_path / "sig.pt")
    _one_line(_cli("weak-labels", "--ckpt", str(tmp_path / "sig.pt"), "--data", "digits", "--n", "2"), "its signature is str")
    model = dict(st["model"]); model.pop(next(iter(model)))
    torch.save({**st, "model": model}, ck)                                  # a weight missing: resuming it is refused
    _one_line(_cli("supernet", "--data", "digits", "--C", "4", "--epochs", "2", "--max-steps", "2", "--device", "cpu", "--ckpt", str(ck)),
              "its weights do not fit the network it describes")
    _one_line(_cli("supernet", "--data", "digits", "--device", "foo", "--ckpt", str(tmp_path / "x.pt")), "'foo' is not a torch device")
    if not torch.cuda.is_available():
        _one_line(_cli("supernet", "--data", "digits", "--device", "cuda", "--ckpt", str(tmp_path / "x.pt")), "torch sees no CUDA GPU")
