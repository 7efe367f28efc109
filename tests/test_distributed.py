"Data-parallel supernet training started by the real torchrun (gloo, 2 CPU processes), kill -9 of one rank and resume, Ray-sharded weak labels."
import json, os, signal, subprocess, sys, textwrap, time
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
TORCHRUN = [sys.executable, "-m", "torch.distributed.run", "--standalone"]

# Trains a tiny supernet on digits; records a digest of the weights after every step (per rank) and the final weights.
SCRIPT = """
import hashlib, json, sys, torch
from torch import nn
from acenas_nb.data import load_dataset
from acenas_nb.supernet import Supernet, train_supernet, init_distributed
out, no_bn = sys.argv[1], sys.argv[2] == "no_bn"
rank, world, dev = init_distributed(device="cpu")
torch.manual_seed(0)
sn = Supernet(C=4, N=1, in_channels=1)
if no_bn:                       # a check network whose maths does not depend on how a batch is split
    for m in list(sn.modules()):
        for k, c in list(m.named_children()):
            if isinstance(c, nn.BatchNorm2d): setattr(m, k, nn.Identity())
digests = []
def on_step(step, model):
    h = hashlib.sha1()
    for p in model.parameters(): h.update(p.detach().numpy().tobytes())
    digests.append(h.hexdigest())
train_supernet(sn, load_dataset("digits"), epochs=2, batch_size=64, max_steps=12, on_step=on_step, progress=False, device=dev)
json.dump(digests, open(f"{out}/digests{rank}.json", "w"))
torch.save(sn.state_dict(), f"{out}/final{rank}_{world}.pt")
"""


def _run(cmd, cwd, timeout=300):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return r


@pytest.mark.parametrize("mode", ["bn", pytest.param("no_bn", marks=pytest.mark.slow)])
def test_two_ranks_hold_identical_weights(tmp_path, mode):
    (tmp_path / "s.py").write_text(textwrap.dedent(SCRIPT))
    _run([*TORCHRUN, "--nproc_per_node", "2", "s.py", str(tmp_path), mode], tmp_path)
    d0, d1 = (json.loads((tmp_path / f"digests{r}.json").read_text()) for r in (0, 1))
    assert len(d0) == 12 and d0 == d1                  # bit-identical parameters on both ranks after every step
    if mode == "no_bn":                                # without BatchNorm, 2 processes = 1 process on the same global batch
        _run([sys.executable, "s.py", str(tmp_path), mode], tmp_path)
        two, one = torch.load(tmp_path / "final0_2.pt"), torch.load(tmp_path / "final0_1.pt")
        assert two.keys() == one.keys()
        for k in one: torch.testing.assert_close(two[k], one[k], rtol=1e-4, atol=1e-5)


CLI = ["-m", "acenas_nb.cli", "supernet", "--data", "digits", "--C", "4", "--epochs", "30", "--batch-size", "32",
       "--ckpt-every", "5", "--device", "cpu"]


def _rank_pids(pid):
    "Worker processes of the torchrun with `pid`: {rank: pid}."
    import psutil
    out = {}
    for c in psutil.Process(pid).children(recursive=True):
        try: env = c.environ()
        except psutil.Error: continue
        if "RANK" in env and "LOCAL_RANK" in env: out[int(env["RANK"])] = c.pid
    return out


@pytest.mark.slow
def test_kill9_one_rank_then_resume(tmp_path):
    ref, run = tmp_path / "ref", tmp_path / "run"
    ref.mkdir(); run.mkdir()
    _run([*TORCHRUN, "--nproc_per_node", "2", *CLI, "--ckpt", str(ref / "ck.pt")], ROOT, timeout=600)
    p = subprocess.Popen([*TORCHRUN, "--nproc_per_node", "2", *CLI, "--ckpt", str(run / "ck.pt")], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    t0 = time.time()
    while not (run / "ck.pt").exists():
        assert p.poll() is None, p.stdout.read()[-3000:]
        assert time.time() - t0 < 300, "no checkpoint written"
        time.sleep(0.05)
    pids = _rank_pids(p.pid)
    assert set(pids) == {0, 1}
    os.kill(pids[1], signal.SIGKILL)                    # one rank dies; torchrun stops the other
    rc = p.wait(timeout=120)
    st = torch.load(run / "ck.pt", weights_only=True)
    assert rc != 0 and st["epoch"] < 30, (rc, st["epoch"])
    _run([*TORCHRUN, "--nproc_per_node", "2", *CLI, "--ckpt", str(run / "ck.pt")], ROOT, timeout=600)
    a, b = torch.load(ref / "ck.pt", weights_only=True), torch.load(run / "ck.pt", weights_only=True)
    assert a["epoch"] == b["epoch"] == 30 and [h["train_acc"] for h in a["history"]] == [h["train_acc"] for h in b["history"]]
    assert [h["loss"] for h in a["history"]] == pytest.approx([h["loss"] for h in b["history"]], rel=1e-9)   # sums added in another order
    for k in a["model"]: assert torch.equal(a["model"][k], b["model"][k]), k     # the same final weights


@pytest.mark.slow
def test_resume_with_another_world_size(tmp_path):
    ck = tmp_path / "ck.pt"
    cmd = ["-m", "acenas_nb.cli", "supernet", "--data", "digits", "--C", "4", "--epochs", "2", "--batch-size", "32", "--device", "cpu", "--ckpt", str(ck)]
    _run([*TORCHRUN, "--nproc_per_node", "2", *cmd, "--max-steps", "40"], ROOT)          # stops inside epoch 2
    st = torch.load(ck, weights_only=True)
    assert (st["epoch"], st["world"]) == (1, 2) and st["epoch_step"] > 0
    out = _run([sys.executable, *cmd], ROOT)                                           # one process finishes it
    info = json.loads([l for l in out.stdout.splitlines() if l.startswith("{")][-1])
    st = torch.load(ck, weights_only=True)
    assert (info["processes"], info["epochs_done"], st["epoch"], st["world"]) == (1, 2, 2, 1)
    assert info["steps_now"] == st["sched"]["last_epoch"] - 40                      # only the rest of the schedule ran


def test_ray_weak_labels_equal_serial(tmp_path):
    import ray
    from acenas_nb.data import load_dataset
    from acenas_nb.store import ResultStore
    from acenas_nb.spaces.base import sample_pool
    from acenas_nb.supernet import Supernet, weak_labels
    torch.manual_seed(0)
    sn, data = Supernet(C=4, N=1, in_channels=1), load_dataset("digits")
    archs = sample_pool(sn.space, 24, rng=1)
    serial = weak_labels(sn, archs, data, progress=False, device="cpu")
    store = ResultStore(tmp_path / "w.sqlite", sn.space)
    weak_labels(sn, archs[:10], data, store=store, progress=False, device="cpu")        # a labelling that stopped after 10
    try: par = weak_labels(sn, archs, data, store=store, progress=False, workers=2, chunk=3)
    finally: ray.shutdown()
    assert par.equals(serial) and len(store) == 24
