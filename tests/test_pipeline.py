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
