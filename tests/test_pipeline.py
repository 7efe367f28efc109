"The pipeline notebook end to end through papermill (tabular mode on a synthetic JSONL benchmark, tiny settings)."
import json, subprocess, sys
from pathlib import Path

import pytest

from acenas_nb.spaces.synthetic import synthetic_table
from clirun import InProcess


def _acenas(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "acenas_nb.cli", *args], capture_output=True, text=True, timeout=timeout)


JSONL_RUN = ["-p", "space", "table", "-p", "label", "acc", "-p", "report", "test", "-p", "weak", "ws", "-p", "proxies", "synflow",
             "-p", "n_weak", "150", "-p", "pretrain_epochs", "3", "-p", "finetune_epochs", "5", "-p", "budget", "8", "-p", "rounds", "2",
             "-p", "topk", "3"]


def test_acenas_run_on_a_jsonl_space_and_its_folder_refuses_other_parameters(tmp_path):
    """`acenas run -p space table -p table x.jsonl`: a bring-your-own benchmark, end to end through papermill; the finished folder
    then refuses a rerun with other parameters, naming each, and rewrites nothing (one papermill run serves both checks)."""
    from clirun import one_line
    table, out = synthetic_table(tmp_path / "syn.jsonl", 200), tmp_path / "run"
    r = _acenas("run", "-p", "table", str(table), *JSONL_RUN, "--out", str(out))
    assert r.returncode == 0, r.stderr[-3000:]
    res = json.loads((out / "results.json").read_text())
    assert res["n_trained"] == 11 and len(res["history"]) == 11 and len({h["arch"] for h in res["history"]}) == 11
    assert res["best_acc"] == max(h["acc"] for h in res["history"]) and res["best_arch"].startswith("syn")
    assert res["params"]["method"] == "acenas" and "test" in res["best_metrics"]
    assert f"best architecture: {res['best_arch']}" in r.stdout
    for f in ("pipeline.ipynb", "search.html", "scores.csv", "ranker_final.pt", "store.sqlite", "best_arch.svg"): assert (out / f).exists(), f
    assert list(out.glob("pretrained_paper_proxies_seed0_*.pt"))
    before = (out / "results.json").read_text()
    one_line(InProcess("run", "-p", "table", table, *JSONL_RUN, "-p", "label", "test", "--out", out),
             "holds a run with other parameters", "label: 'acc' there, 'test' now")
    one_line(InProcess("run", "-p", "table", table, *JSONL_RUN, "-p", "train_epochs", "9", "--out", out), "train_epochs: 3 there, 9 now")
    assert (out / "results.json").read_text() == before           # nothing rewritten
    one_line(InProcess("run", "-p", "table", table, *JSONL_RUN, "-p", "out_dir", tmp_path / "elsewhere", "--out", out),
             "disagree: give the folder once, with --out")


def test_acenas_run_rejects_bad_parameters(tmp_path):
    out = InProcess("run", "-p", "budget", "many", "-p", "table", "/no/file.csv", "--out", str(tmp_path / "r"))
    assert out.returncode != 0
    assert "budget: expected int, got 'many'" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "r").exists()      # refused before any work
    table = synthetic_table(tmp_path / "syn.jsonl", 50)
    out = InProcess("run", "-p", "space", "table", "-p", "table", str(table), "-p", "label", "c10_retrain_acc", "--out", str(tmp_path / "r"))
    assert out.returncode != 0 and "has no column 'c10_retrain_acc'" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "r").exists()


@pytest.mark.slow
def test_pipeline_other_method_resume_and_inspect(tmp_path):
    "Any registered method runs through the pipeline; a rerun into the same folder trains nothing again; the run opens in the inspector."
    from acenas_nb.cli import run_pipeline
    from acenas_nb.store import ResultStore
    from acenas_nb.spaces.table import TableSpace
    from acenas_nb.widgets import inspect_run
    from acenas_nb.metrics import kendall_tau
    import pandas as pd
    table = synthetic_table(tmp_path / "syn.jsonl", 150)
    params = dict(space="table", table=str(table), label="acc", report="test", weak="ws", method="brp_nas", n_weak=100,
                  pretrain_epochs=2, finetune_epochs=3, budget=6, rounds=2, topk=2)
    r = run_pipeline(params, tmp_path / "run", progress=False)
    assert r["n_trained"] == 8 and r["params"]["method"] == "brp_nas"
    n = len(ResultStore(tmp_path / "run" / "store.sqlite", TableSpace(table)))
    again = run_pipeline(params, tmp_path / "run", progress=False)
    assert again["best_arch"] == r["best_arch"] and len(ResultStore(tmp_path / "run" / "store.sqlite", TableSpace(table))) == n
    scores = pd.read_csv(tmp_path / "run" / "scores.csv")
    assert len(scores) == 150 and scores.true.notna().all()
    ins = inspect_run(tmp_path / "run")
    ins.k.value = 7
    assert len(ins.figs[0].data[2].x) == 7
    assert abs(ins.metrics()["kendall_tau"] - kendall_tau(scores.score, scores.true)) < 1e-12
    out = _acenas("inspect", str(tmp_path / "run"), "--k", "5")
    assert out.returncode == 0, out.stderr
    html = (tmp_path / "run" / "inspect.html").read_text()
    assert "NDCG@5" in html and "plotly" in html and "Best architecture" in html and "<svg" in html


def test_acenas_inspect_refuses_non_run(tmp_path):
    out = InProcess("inspect", str(tmp_path))
    assert out.returncode != 0 and "is" in out.stderr and "acenas run" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow
def test_acenas_run_proxyless_under_a_latency_constraint(tmp_path):
    "`acenas run -p space proxyless -p latency_max X`: supernet, weak labels with latency, evolution beyond the pool; nothing infeasible trained."
    from acenas_nb.spaces.proxyless import Proxyless, pixel1_lut
    r = _acenas("run", "-p", "space", "proxyless", "-p", "dataset", "digits", "-p", "latency_max", "95", "-p", "width_mult", "0.25",
                "-p", "supernet_epochs", "1", "-p", "train_epochs", "1", "-p", "n_weak", "30", "-p", "n_pool", "60",
                "-p", "pretrain_epochs", "5", "-p", "finetune_epochs", "5", "-p", "budget", "6", "-p", "rounds", "2", "-p", "topk", "2",
                "-p", "explore", "200", "--out", str(tmp_path / "run"))
    assert r.returncode == 0, r.stderr[-3000:]
    res = json.loads((tmp_path / "run" / "results.json").read_text())
    sp, lut = Proxyless(), pixel1_lut()
    archs = [h["arch"] for h in res["history"]]
    assert res["n_trained"] == 8 and len(set(archs)) == 8 and all(lut.latency(a) <= 95 for a in archs)
    assert res["constraints"] == ["latency<=95"] and abs(res["best_latency_ms"] - lut.latency(res["best_arch"])) < 1e-9
    assert sp.parse(res["best_arch"]) == res["best_arch"] and f"best architecture: {res['best_arch']}" in r.stdout and "its latency:" in r.stdout
    scores = (tmp_path / "run" / "scores.csv").read_text().splitlines()
    assert len(scores) - 1 >= 60 and all(a in (tmp_path / "run" / "scores.csv").read_text() for a in archs)   # the pool and every trained one
    _exported_loads(tmp_path, res["best_arch"])

@pytest.mark.slow
@pytest.mark.parametrize("space, extra", [("nds_enas", ["-p", "width_mult", "0.25", "-p", "depths", "3,4"]), ("nb101", ["-p", "supernet_C", "8"])])
def test_acenas_run_on_a_sampled_cell_space(tmp_path, space, extra):
    "`acenas run -p space nds_enas` / `nb101`: supernet, weak labels, rankers (two graphs + width/depth on NDS), evolution; the answer is an architecture of the space."
    from acenas_nb.spaces.nds import nds_space
    from acenas_nb.spaces.nb101 import NB101
    from acenas_nb.fit import load
    r = _acenas("run", "-p", "space", space, "-p", "dataset", "digits", *extra,
                "-p", "supernet_epochs", "1", "-p", "train_epochs", "1", "-p", "n_weak", "30", "-p", "n_pool", "60",
                "-p", "pretrain_epochs", "5", "-p", "finetune_epochs", "5", "-p", "budget", "6", "-p", "rounds", "2", "-p", "topk", "2",
                "-p", "explore", "200", "--out", str(tmp_path / "run"))
    assert r.returncode == 0, r.stderr[-3000:]
    res = json.loads((tmp_path / "run" / "results.json").read_text())
    sp = nds_space("nds_enas", widths=(4, 6, 8), depths=(3, 4)) if space.startswith("nds") else NB101()
    archs = [h["arch"] for h in res["history"]]
    assert res["n_trained"] == 8 and len(set(archs)) == 8 and all(sp.parse(a) == a for a in archs)
    assert f"best architecture: {res['best_arch']}" in r.stdout and res["best_arch"] in archs
    ranker = load(tmp_path / "run" / "ranker_final.pt")
    assert (ranker.cfg.n_graphs, ranker.cfg.n_hparams) == ((2, 2) if space.startswith("nds") else (1, 0))
    _exported_loads(tmp_path, res["best_arch"])


def _exported_loads(tmp_path, best):
    "`acenas export RUN_DIR`: the run's best as a plain-torch file that a fresh interpreter loads and runs without acenas_nb; and its picture."
    assert "<svg" in (tmp_path / "run" / "best_arch.svg").read_text()
    e = InProcess("export", tmp_path / "run", "--out", tmp_path / "exp")
    assert e.returncode == 0 and best in e.stdout, e.stderr[-2000:]
    code = ("import sys, torch; sys.path.insert(0, sys.argv[1]); from model import load, ARCH, INPUT_SHAPE; net = load();"
            "y = net(torch.randn(2, *INPUT_SHAPE)); assert y.shape[0] == 2 and torch.isfinite(y).all(); print(ARCH);"
            "assert not any(m.startswith('acenas_nb') for m in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "exp")], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == best, r.stderr[-2000:]


@pytest.mark.slow
def test_acenas_run_cifar10_npz_preset_tiny(tmp_path):
    "`acenas run --preset cifar10-npz`, tiny: our supernet on 300 real CIFAR-10 images, the NB201 table as the truth."
    import numpy as np
    from acenas_nb.core import shared_data_dir
    files = []
    for split in ("train", "test"):
        with np.load(shared_data_dir() / "images" / f"cifar10_{split}_10k.npz") as f:
            keep = np.random.default_rng(0).permutation(len(f["y"]))[:300]
            np.savez(tmp_path / f"{split}.npz", x=f["x"][keep], y=f["y"][keep]); files.append(str(tmp_path / f"{split}.npz"))
    r = _acenas("run", "--preset", "cifar10-npz", "-p", "data_dir", ",".join(files), "-p", "supernet_C", "4", "-p", "supernet_epochs", "2", "-p", "supernet_stop", "1",
                "-p", "n_weak", "30", "-p", "pretrain_epochs", "3", "-p", "finetune_epochs", "3", "-p", "budget", "8", "-p", "rounds", "2",
                "-p", "topk", "2", "-p", "device", "cpu", "--out", str(tmp_path / "run"))
    assert r.returncode == 0, r.stderr[-3000:]
    res = json.loads((tmp_path / "run" / "results.json").read_text())
    assert res["n_trained"] == 10 and res["report"] == "c10_test_200ep" and 0 <= res["best_rank_pct"] <= 100
    assert res["best_metrics"]["c10_test_200ep"] == res["best_report"] and "% of the pool is better" in r.stdout
    assert (tmp_path / "run" / "supernet.pt").exists()             # the weak labels are our supernet's, not a table column
