"""The last line of `make test`: what ran and how it ended.

    python .ci/test_summary.py NBDEV_LOG NBDEV_RC PYTEST_LOG PYTEST_RC

Reads the two logs `make test` tee'd (nbdev_test --timing, pytest -q) and prints one line: notebooks
passed/failed (the failing ones named) and pytest's own closing line. Exits non-zero if either failed.
"""
import re, sys
from pathlib import Path


def main(nb_log, nb_rc, py_log, py_rc):
    nb = Path(nb_log).read_text(errors="replace") if Path(nb_log).exists() else ""
    timed = re.findall(r"^(\S+\.ipynb): \d+ secs$", nb, re.M)
    failed = re.findall(r"^\t(\S+\.ipynb)$", nb.split("Failed On The Following Notebooks", 1)[1], re.M) if "Failed On The Following" in nb else []
    py = [l for l in (Path(py_log).read_text(errors="replace").splitlines() if Path(py_log).exists() else []) if l.strip()]
    closing = next((l.strip("= ") for l in reversed(py) if re.search(r"\b(passed|failed|error|no tests ran)\b", l)), "pytest did not run")
    ok = int(nb_rc) == 0 and int(py_rc) == 0
    # nbdev_test prints the timings only when every notebook passed: else count the notebooks it ran (nbs/, not _*)
    total = len(timed) or len([f for f in Path("nbs").glob("*.ipynb") if not f.name.startswith(("_", "."))])
    nbs = f"notebooks: {total - len(failed)} passed, {len(failed)} failed" + (f" ({', '.join(failed)})" if failed else "")
    print(f"make test: {'PASSED' if ok else 'FAILED'} | {nbs} | pytest: {closing}")
    return 0 if ok else 1


if __name__ == "__main__": sys.exit(main(*sys.argv[1:5]))
