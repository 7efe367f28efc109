"The pipeline notebook end to end through papermill (tabular mode, tiny settings)."
import json, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT.parent / "shared" / "data" / "nb201" / "nb201_cifar10.csv"


@pytest.mark.skipif(not TABLE.exists(), reason="shared NB201 table not present")
def test_pipeline_tabular_through_papermill(tmp_path):
    from acenas_nb.cli import run_pipeline
    params = dict(table=str(TABLE), label="c10_retrain_acc", report="c10_test_200ep", weak="oneshot_supernet_c10",
                  n_weak=60, pretrain_epochs=2, finetune_epochs=5, budget=6, rounds=2, topk=3)
    r = run_pipeline(params, tmp_path / "run", progress=False)
    saved = json.loads((tmp_path / "run" / "results.json").read_text())
    assert saved == r
    assert r["n_trained"] == 9 and len(r["history"]) == 9
    assert r["best_acc"] == max(h["acc"] for h in r["history"])
    assert 85 < r["best_metrics"]["c10_test_200ep"] <= 94.38
    assert (tmp_path / "run" / "pipeline.ipynb").exists() and (tmp_path / "run" / "search.html").exists()


def test_acenas_run_rejects_bad_parameters(tmp_path):
    out = subprocess.run([sys.executable, "-m", "acenas_nb.cli", "run", "-p", "budget", "many", "-p", "table", "/no/file.csv",
                          "--out", str(tmp_path / "r")], capture_output=True, text=True)
    assert out.returncode != 0
    assert "budget: expected int, got 'many'" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "r").exists()      # refused before any work


@pytest.mark.skipif(not TABLE.exists(), reason="shared NB201 table not present")
def test_inspect_pipeline_run(tmp_path):
    from acenas_nb.cli import run_pipeline
    from acenas_nb.widgets import inspect_run
    from acenas_nb.metrics import kendall_tau
    import pandas as pd
    run_pipeline(dict(table=str(TABLE), report="c10_test_200ep", n_weak=40, pretrain_epochs=1, finetune_epochs=3, budget=4, rounds=2, topk=2),
                 tmp_path / "run", progress=False)
    scores = pd.read_csv(tmp_path / "run" / "scores.csv")
    assert len(scores) == 15625 and scores.true.notna().all()
    ins = inspect_run(tmp_path / "run")
    ins.k.value = 7
    assert len(ins.figs[0].data[2].x) == 7
    assert abs(ins.metrics()["kendall_tau"] - kendall_tau(scores.score, scores.true)) < 1e-12
    out = subprocess.run([sys.executable, "-m", "acenas_nb.cli", "inspect", str(tmp_path / "run"), "--k", "5"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    html = (tmp_path / "run" / "inspect.html").read_text()
    assert "NDCG@5" in html and "plotly" in html


def test_acenas_inspect_refuses_non_run(tmp_path):
    out = subprocess.run([sys.executable, "-m", "acenas_nb.cli", "inspect", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode != 0 and "is" in out.stderr and "acenas run" in out.stderr and "Traceback" not in out.stderr
