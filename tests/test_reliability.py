"Bad input and faults around run folders: every case ends in one line naming the problem, and nothing is lost or doubled."
import json, time

import pandas as pd
import pytest

from acenas_nb.spaces.synthetic import synthetic_table
from clirun import acenas as _acenas, InProcess as _Exit, one_line as _one_line_error


def _bench(table, out, *extra):
    return ["bench", "--space", "table", "--table", str(table), "--label", "acc", "--report", "test", "--weak", "ws",
            "--pretrain-epochs", "2", "--finetune-epochs", "3", "--topk", "2", "--out", str(out), *extra]


RUN = ["-p", "space", "table", "-p", "label", "acc", "-p", "weak", "ws", "-p", "n_weak", "60", "-p", "pretrain_epochs", "1",
       "-p", "finetune_epochs", "2", "-p", "budget", "4", "-p", "rounds", "2", "-p", "topk", "1"]


# The refusal of a finished run folder to other parameters: tests/test_pipeline.py (it reuses that file's JSONL run).


def test_failure_inside_the_notebook_is_one_line(tmp_path):
    table, out = synthetic_table(tmp_path / "s.jsonl", 80), tmp_path / "run"
    out.mkdir(); (out / "store.sqlite").write_bytes(b"not a database at all, " * 100)
    r = _acenas("run", "-p", "table", str(table), *RUN, "--out", str(out))
    _one_line_error(r, "the pipeline stopped: ValueError", "is not an acenas_nb result store", "pipeline.ipynb")


def test_concurrent_bench_is_refused_and_nothing_is_doubled(tmp_path):
    table, out = synthetic_table(tmp_path / "s.jsonl", 150), tmp_path / "b"
    first = _acenas(*_bench(table, out, "--seeds", "6", "--budgets", "10,20", "--methods", "acenas,random"), wait=False)
    for _ in range(600):
        if (out / "config.json").exists() or first.poll() is not None: break
        time.sleep(0.1)
    second = _acenas(*_bench(table, out, "--seeds", "6", "--budgets", "10,20", "--methods", "acenas,random"))
    _one_line_error(second, "another acenas bench", "is using")
    assert first.wait(timeout=600) == 0, first.stderr.read()[-2000:]
    rows = [json.loads(l) for l in (out / "results.jsonl").read_text().splitlines()]
    keys = [(r["method"], r["budget"], r["seed"]) for r in rows]
    assert len(keys) == len(set(keys)) == 2 * 2 * 6
    again = _acenas(*_bench(table, out, "--seeds", "6", "--budgets", "10,20,10", "--methods", "acenas,random"))   # a repeated budget counts once
    assert again.returncode == 0, again.stderr[-2000:]
    assert set(pd.read_csv(out / "summary.csv").n_seeds) == {6}


def test_torn_results_line_is_dropped_and_the_run_resumes(tmp_path):
    table, out = synthetic_table(tmp_path / "s.jsonl", 100), tmp_path / "b"
    args = _bench(table, out, "--seeds", "2", "--budgets", "10", "--methods", "random,evolution")
    assert _acenas(*args).returncode == 0
    full = (out / "results.jsonl").read_text().splitlines()
    (out / "results.jsonl").write_text("\n".join(full[:-1]) + "\n" + full[-1][: len(full[-1]) // 2])   # killed mid-write
    r = _acenas(*args)
    assert r.returncode == 0 and "torn last line" in r.stderr, r.stderr[-2000:]
    rows = [json.loads(l) for l in (out / "results.jsonl").read_text().splitlines()]
    same = lambda r: json.dumps({k: v for k, v in r.items() if k != "seconds"}, sort_keys=True)
    assert len(rows) == 4 and sorted(map(same, rows)) == sorted(same(json.loads(x)) for x in full)


def test_bad_paths_and_options_are_one_line(tmp_path):
    table = synthetic_table(tmp_path / "s.jsonl", 60)
    a_file = tmp_path / "a_file"; a_file.write_text("x")
    _one_line_error(_Exit(*_bench(table, a_file, "--seeds", "1", "--budgets", "10", "--methods", "random")), "is a file, not a folder")
    _one_line_error(_Exit(*_bench(table, "/sys/acenas_out", "--seeds", "1", "--budgets", "10", "--methods", "random")), "cannot write into /sys/acenas_out")
    _one_line_error(_Exit("run", "-p", "table", str(table), *RUN, "--out", str(a_file)), "is a file, not a folder")
    _one_line_error(_Exit("inspect", str(a_file)), "not found")
    _one_line_error(_Exit(*_bench(tmp_path, tmp_path / "o", "--seeds", "1", "--budgets", "10")), "is a folder, not a file")
    assert not (tmp_path / "o").exists()
    for bad in (["--jobs", "0"], ["--k", "0"]):
        r = _Exit(*(["inspect", str(tmp_path)] if bad[0] == "--k" else _bench(table, tmp_path / "o", "--seeds", "1")), *bad)
        assert r.returncode == 2 and "expected a positive integer" in r.stderr
    _one_line_error(_Exit(*_bench(table, tmp_path / "o", "--seeds", "1", "--methods", ",")), "names no method")
    assert not (tmp_path / "o").exists()
    (tmp_path / "r").mkdir(); (tmp_path / "r" / "scores.csv").write_text("arch,score,true\na,1,90\nb,2,91\nc,")   # cut mid-row
    _one_line_error(_Exit("inspect", tmp_path / "r"), "scores.csv: columns score and true must be numbers")
    (tmp_path / "r" / "scores.csv").write_text("arch,value\na,1\nb,2\n")
    _one_line_error(_Exit("inspect", tmp_path / "r"), "lacks column(s) ['score', 'true']")
    r = _acenas("inspect", str(tmp_path / "r"))      # and once through the real console entry: no traceback there either
    _one_line_error(r, "lacks column(s)")


@pytest.mark.slow
def test_sigterm_ends_the_workers_and_the_folder_resumes(tmp_path):
    import os, psutil, signal
    table, out = synthetic_table(tmp_path / "s.jsonl", 150), tmp_path / "b"
    args = _bench(table, out, "--seeds", "4", "--budgets", "10,20", "--methods", "acenas,random", "--jobs", "2")
    parent = _acenas(*args, wait=False)
    p, workers = psutil.Process(parent.pid), []
    for _ in range(600):                                   # until the forked workers are computing
        workers = p.children()
        if len(workers) >= 2 or parent.poll() is not None: break
        time.sleep(0.1)
    assert len(workers) >= 2, parent.stderr.read()[-2000:]
    os.kill(parent.pid, signal.SIGTERM); parent.wait(timeout=60)
    gone, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, [w.cmdline() for w in alive]          # no worker outlives its parent
    r = _acenas(*args)                                     # the folder resumes: every row once
    assert r.returncode == 0, r.stderr[-2000:]
    rows = [json.loads(l) for l in (out / "results.jsonl").read_text().splitlines()]
    assert len({(r["method"], r["budget"], r["seed"]) for r in rows}) == len(rows) == 2 * 2 * 4


def test_constraint_too_tight_is_refused_before_anything_is_written(tmp_path):
    table, out = synthetic_table(tmp_path / "s.jsonl", 100), tmp_path / "b"
    args = _bench(table, out, "--seeds", "1", "--budgets", "10", "--methods", "random")
    r = _Exit(*args, "--constraint", "acc>=q0.95")
    assert r.returncode != 0 and "exceeds the 5 architectures that meet" in r.stderr, r.stderr
    assert not (out / "config.json").exists()                                 # nothing claimed: the corrected command runs
    r = _Exit(*args, "--constraint", "acc>=q0.5")
    assert r.returncode == 0, r.stderr
