"Weak labels are a named set of any size, on the command line too: every --weak column gets its own pretraining head."
import json, subprocess, sys

from test_checkpoints import _tiny_jsonl


def test_bench_weak_columns_each_pretrain_a_head(tmp_path):
    table = _tiny_jsonl(tmp_path / "t.jsonl", n=60)
    rows = [json.loads(l) for l in table.read_text().splitlines()]
    with open(table, "w") as f:                     # two more weak columns
        for i, r in enumerate(rows): f.write(json.dumps({**r, "w2": r["acc"] * 0.5 + i % 3, "w3": (i * 7) % 11}) + "\n")
    out = tmp_path / "bench"
    r = subprocess.run([sys.executable, "-m", "acenas_nb.cli", "bench", "--space", "table", "--table", str(table), "--label", "acc",
                        "--weak", "weak,w2,w3", "--seeds", "1", "--budgets", "10", "--topk", "2", "--methods", "acenas_paper",
                        "--pretrain-epochs", "1", "--finetune-epochs", "2", "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    from acenas_nb.fit import load
    model = load(next(out.glob("pretrained_paper_seed0_*.pt")))
    assert set(model.heads) == {"rank", "weak", "w2", "w3", "flops", "params"}
    assert set(model.label_stats) == {"weak", "w2", "w3", "flops", "params"}


def test_bench_rejects_unknown_and_constant_weak_columns(tmp_path):
    table = _tiny_jsonl(tmp_path / "t.jsonl")
    rows = [json.loads(l) for l in table.read_text().splitlines()]
    with open(table, "w") as f:
        for r in rows: f.write(json.dumps({**r, "const": 1.0}) + "\n")
    base = [sys.executable, "-m", "acenas_nb.cli", "bench", "--space", "table", "--table", str(table), "--label", "acc",
            "--seeds", "1", "--budgets", "5", "--topk", "2", "--methods", "acenas_paper", "--pretrain-epochs", "1"]
    r = subprocess.run(base + ["--weak", "weak,nope", "--out", str(tmp_path / "a")], capture_output=True, text=True, timeout=300)
    assert r.returncode != 0 and "no column 'nope'" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run(base + ["--weak", "weak,const", "--out", str(tmp_path / "b")], capture_output=True, text=True, timeout=300)
    assert r.returncode != 0 and "weak label 'const' is constant" in r.stderr and "Traceback" not in r.stderr, r.stderr
