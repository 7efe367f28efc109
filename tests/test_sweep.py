"`acenas sweep`: bad grids refused before anything runs; a sweep killed with `kill -9` resumes with only the points it lacks."
import json, os, signal, time

import pandas as pd
import pytest

from clirun import acenas as _acenas, InProcess, one_line

TINY = ["--preset", "nb201-table-tiny", "--jobs", "2"]


def test_sweep_refuses_bad_grids_before_anything_runs(tmp_path):
    out = tmp_path / "sw"
    one_line(InProcess("sweep", "-p", "sed", "0,1", *TINY, "--out", out), "unknown parameter 'sed'")
    one_line(InProcess("sweep", "-p", "seed", "0,one", *TINY, "--out", out), "seed: expected int, got 'one'")
    one_line(InProcess("sweep", "-p", "budget", "8,20000", *TINY, "--out", out), "point budget=20000", "exceeds the pool")
    one_line(InProcess("sweep", "-p", "seed", "0,1", "-p", "method", "acenas,nope", *TINY, "--out", out), "point seed=0,method=nope", "method")
    one_line(InProcess("sweep", "-p", "seed", ",".join(map(str, range(11))), "--max-points", "10", *TINY, "--out", out),
             "11 points (11 seed) is over the limit of 10")
    (tmp_path / "g.yaml").write_text("seed: []\n")
    one_line(InProcess("sweep", "--grid", tmp_path / "g.yaml", *TINY, "--out", out), "seed: an empty list")
    one_line(InProcess("sweep", *TINY, "--out", out), "give the grid")
    assert not out.exists()                                        # nothing claimed: the corrected command starts clean


@pytest.mark.slow
def test_sweep_killed_resumes_only_the_missing_points(tmp_path):
    import psutil
    out = tmp_path / "sw"
    args = ["sweep", "-p", "seed", "0,1", "-p", "method", "acenas,random", *TINY, "--out", out]
    proc = _acenas(*args, wait=False)
    done = lambda: sorted(f.parent.name for f in (out / "points").glob("*/results.json"))
    for _ in range(1800):                                          # until the first point has finished
        if done() or proc.poll() is not None: break
        time.sleep(0.1)
    kids = psutil.Process(proc.pid).children(recursive=True)       # the running points and their kernels
    first = done()
    assert 1 <= len(first) < 4 and kids, (first, proc.poll())
    os.kill(proc.pid, signal.SIGKILL); proc.wait()
    _, alive = psutil.wait_procs(kids, timeout=30)
    assert not alive, [k.cmdline() for k in alive]                 # no point and no kernel outlives a killed sweep
    assert not (out / "sweep.csv").exists()
    first = done()
    stamps = {n: (out / "points" / n / "results.json").stat().st_mtime_ns for n in first}
    r = _acenas(*args)
    assert r.returncode == 0, r.stderr[-3000:]
    assert f"{len(first)} of 4 points finished before: kept" in r.stdout, r.stdout
    assert r.stdout.count("] done ") == 4 - len(first), r.stdout   # only the missing points ran
    assert {n: (out / "points" / n / "results.json").stat().st_mtime_ns for n in first} == stamps
    df = pd.read_csv(out / "sweep.csv")
    assert sorted(zip(df.seed, df.method)) == [(0, "acenas"), (0, "random"), (1, "acenas"), (1, "random")]
    assert (df.n_trained == 11).all() and df.best_regret.ge(0).all()
    for _, row in df.iterrows():                                   # each row is its point's answer
        assert json.loads((out / "points" / f"seed={row.seed},method={row.method}" / "results.json").read_text())["best_arch"] == row.best_arch
    md = (out / "sweep.md").read_text()
    assert "| method | points |" in md and "| acenas | 2 |" in md and "| random | 2 |" in md and md.strip() in r.stdout
    assert "plotly" in (out / "sweep.html").read_text()


@pytest.mark.slow
def test_sweep_on_ray_one_task_per_point(tmp_path):
    "`acenas sweep --ray`: each point is a Ray task on the session's cluster (RAY_ADDRESS); the results come back as they finish."
    out = tmp_path / "sw"
    r = _acenas("sweep", "-p", "seed", "0,1", "-p", "method", "random", "--preset", "nb201-table-tiny", "--ray", "--out", out)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.count("] done seed=") == 2 and "WARNING" not in r.stderr, (r.stdout, r.stderr[-2000:])
    df = pd.read_csv(out / "sweep.csv")
    assert sorted(df.seed) == [0, 1] and (df.n_trained == 11).all()
    assert all((out / "points" / f"seed={s}" / "run.log").read_text().count("best architecture:") == 1 for s in (0, 1))
