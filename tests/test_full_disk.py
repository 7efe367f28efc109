"""A full disk (a small tmpfs) while `acenas bench` and `acenas run` write: one line, nothing half-written,
and the rerun after space is freed gives the rows of an uninterrupted run with every figure whole."""
import json, os, re, subprocess
from pathlib import Path

import pytest
import torch

from acenas_nb.spaces.synthetic import synthetic_table
from clirun import acenas, one_line

pytestmark = pytest.mark.slow


@pytest.fixture
def disk(tmp_path):
    "A 12 MiB tmpfs at tmp_path/disk (needs root and `mount`; the injected-OSError cases in nbs/00_core and nbs/22_bench run everywhere)."
    d = tmp_path / "disk"; d.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(d)], capture_output=True).returncode:
        pytest.skip("no tmpfs: this machine does not let the tests mount one")
    yield d
    subprocess.run(["umount", "-l", str(d)])


def _leave_free(disk: Path, free: int) -> Path:
    "Fill `disk` up to `free` bytes left; returns the filler to delete."
    filler = disk / "filler"; filler.unlink(missing_ok=True)
    st = os.statvfs(disk); avail = st.f_bavail * st.f_frsize
    with open(filler, "wb") as f: f.write(b"\0" * max(0, avail - free))
    return filler


def _rows(path: Path):
    return sorted(json.dumps({k: v for k, v in json.loads(l).items() if k != "seconds"}, sort_keys=True) for l in path.read_text().splitlines())


def _nothing_half_written(out: Path):
    "Every checkpoint loads, no temporary file is left, every results line is JSON but perhaps a torn last one."
    assert not [p.name for p in out.rglob("*tmp*")], list(out.rglob("*tmp*"))
    for p in out.glob("*.pt"): torch.load(p, weights_only=True)
    if (out / "results.jsonl").exists():
        lines = (out / "results.jsonl").read_text().splitlines()
        for l in lines[:-1]: json.loads(l)


def _figure(path: Path) -> str:
    "A figure's HTML without the random id plotly gives its div."
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", path.read_text())


def _bench(table, out):
    return ["bench", "--space", "table", "--table", table, "--label", "acc", "--report", "test", "--weak", "ws",
            "--pretrain-epochs", "2", "--finetune-epochs", "3", "--topk", "2", "--seeds", "3", "--budgets", "10",
            "--methods", "acenas,random", "--out", out]


def test_bench_on_a_full_disk_then_freed(tmp_path, disk):
    table = synthetic_table(tmp_path / "s.jsonl", 120)
    ref = acenas(*_bench(table, tmp_path / "ref"))
    assert ref.returncode == 0, ref.stderr[-2000:]
    out = disk / "b"
    for free in (96 << 10, 2 << 20):                 # stops at the checkpoints or the store; then at the 4.8 MB plotly bundle
        filler = _leave_free(disk, free)
        r = acenas(*_bench(table, out))
        one_line(r, "error: "); print(f"{free} bytes free:", r.stderr.strip().splitlines()[-1])
        assert "space" in r.stderr.lower() or "disk" in r.stderr.lower(), r.stderr[-2000:]
        _nothing_half_written(out); filler.unlink()
    r = acenas(*_bench(table, out))
    assert r.returncode == 0, r.stderr[-2000:]
    assert _rows(out / "results.jsonl") == _rows(tmp_path / "ref" / "results.jsonl")
    for f in (tmp_path / "ref").glob("*.html"): assert _figure(out / f.name) == _figure(f), f.name
    assert (out / "plotly.min.js").read_bytes() == (tmp_path / "ref" / "plotly.min.js").read_bytes()
    _nothing_half_written(out)


RUN = ["-p", "space", "table", "-p", "label", "acc", "-p", "weak", "ws", "-p", "n_weak", "60", "-p", "pretrain_epochs", "1",
       "-p", "finetune_epochs", "2", "-p", "budget", "4", "-p", "rounds", "2", "-p", "topk", "1"]


def test_run_on_a_full_disk_then_freed(tmp_path, disk):
    table, out = synthetic_table(tmp_path / "s.jsonl", 80), disk / "run"
    filler = _leave_free(disk, 2 << 20)             # too little for the executed notebook and the 4.8 MB bundle
    r = acenas("run", "-p", "table", table, *RUN, "--out", out)
    one_line(r, "error: "); print("2 MiB free:", r.stderr.strip().splitlines()[-1])
    _nothing_half_written(out); filler.unlink()
    r = acenas("run", "-p", "table", table, *RUN, "--out", out)
    assert r.returncode == 0, r.stderr[-2000:]
    from plotly.offline import get_plotlyjs
    assert (out / "plotly.min.js").read_text() == get_plotlyjs()
    json.loads((out / "pipeline.ipynb").read_text())           # the executed notebook is whole
    for f in out.glob("*.html"): assert f.read_text().rstrip().endswith("</html>"), f.name
    _nothing_half_written(out)
