"Two ways to run `acenas ...` in a test: a real subprocess, or `cli.main` in this process (no interpreter start-up)."
import contextlib, io, subprocess, sys


def acenas(*args, timeout=600, wait=True):
    "`python -m acenas_nb.cli ARGS` as a subprocess: the console entry exactly as a user starts it."
    cmd = [sys.executable, "-m", "acenas_nb.cli", *map(str, args)]
    if not wait: return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


class InProcess:
    """What `acenas ARGS` prints and returns, run by `cli.main` in this process: the CLI's own error path, seconds
    cheaper than a subprocess. An exception that escapes `main` is a traceback the user would see: it fails the test."""
    def __init__(self, *args):
        from acenas_nb.cli import main
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try: main([str(a) for a in args]); self.returncode = 0
            except SystemExit as e:
                self.returncode = e.code if isinstance(e.code, int) else 1
                if isinstance(e.code, str): err.write(e.code + "\n")
        self.stdout, self.stderr = out.getvalue(), err.getvalue()


def one_line(r, *needles):
    "The command failed with one line holding every needle, and no traceback."
    assert r.returncode != 0, r.stdout[-2000:]
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    for n in needles: assert n in r.stderr, r.stderr[-2000:]
