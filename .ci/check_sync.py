"""Consistency checks run by `make test` (and `make readme`).

    python .ci/check_sync.py clean    # fail if `nbdev_clean` would change a notebook
    python .ci/check_sync.py export   # fail if `nbdev_export` would change the library
    python .ci/check_sync.py readme [--write]   # README.md must equal what nbs/index.ipynb renders to

Each check runs the real tool, compares every file before and after, and on a difference restores
the files exactly as they were (nothing of yours is overwritten) and names the files and the fix.
"""
import json, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _snapshot(pattern):
    return {p: p.read_bytes() for p in sorted(ROOT.glob(pattern)) if ".ipynb_checkpoints" not in p.parts}


def _run_and_compare(cmd, pattern):
    "Run `cmd`, return the files matching `pattern` it changed/created/deleted; restore them all."
    before = _snapshot(pattern)
    res = subprocess.run([str(BIN / cmd)], cwd=ROOT, capture_output=True, text=True)
    after = _snapshot(pattern)
    if res.returncode != 0:
        sys.exit(f"{cmd} failed (exit {res.returncode}):\n{res.stdout}{res.stderr}")
    changed = sorted({p for p in before.keys() | after.keys() if before.get(p) != after.get(p)})
    for p in changed:  # put everything back as it was
        if p in before: p.write_bytes(before[p])
        else: p.unlink()
    return [str(p.relative_to(ROOT)) for p in changed]


def check_clean():
    changed = _run_and_compare("nbdev_clean", "nbs/**/*.ipynb")
    if changed:
        sys.exit("notebooks not clean (stray outputs or metadata) in:\n  " + "\n  ".join(changed)
                 + "\nfix: run `.venv/bin/nbdev_clean`, review `git diff nbs/`, commit.")
    print("notebooks clean: ok")


def check_export():
    changed = _run_and_compare("nbdev_export", "acenas_nb/**/*.py")
    if changed:
        sys.exit("notebooks and library out of sync; these files differ from what nbs/ exports:\n  "
                 + "\n  ".join(changed)
                 + "\nfix: never edit generated .py files. Move the change into the notebook named at "
                 "the top of each file, then run `.venv/bin/nbdev_export` and commit both.")
    print("library in sync with notebooks: ok")


_DIRECTIVE = re.compile(r"^\s*#\s*\|\s*(\w+)")


def render_readme(nb_path):
    "Markdown of a notebook: markdown cells, visible code cells and their text outputs."
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    out = ["<!-- generated from nbs/index.ipynb by `make readme`: edit the notebook, not this file -->"]
    for cell in nb["cells"]:
        src = "".join(cell["source"]).strip("\n")
        if cell["cell_type"] == "markdown":
            out.append(src)
        elif cell["cell_type"] == "code":
            lines = src.splitlines()
            directives = {m.group(1) for l in lines if (m := _DIRECTIVE.match(l))}
            if directives & {"hide", "export", "exporti"}: continue
            code = "\n".join(l for l in lines if not _DIRECTIVE.match(l)).strip("\n")
            if code: out.append(f"```python\n{code}\n```")
            texts = []
            for o in cell.get("outputs", []):
                if o["output_type"] == "stream": texts.append("".join(o["text"]))
                elif "text/markdown" in o.get("data", {}): out.append("".join(o["data"]["text/markdown"]))
                elif "text/plain" in o.get("data", {}): texts.append("".join(o["data"]["text/plain"]))
            if texts: out.append("```\n" + "".join(t if t.endswith("\n") else t + "\n" for t in texts).rstrip("\n") + "\n```")
    return "\n\n".join(out) + "\n"


def check_readme(write=False):
    want = render_readme(ROOT / "nbs" / "index.ipynb")
    readme = ROOT / "README.md"
    if write:
        readme.write_text(want, encoding="utf-8")
        print("README.md written from nbs/index.ipynb")
    elif not readme.exists() or readme.read_text(encoding="utf-8") != want:
        sys.exit("README.md is out of sync with nbs/index.ipynb.\n"
                 "fix: edit nbs/index.ipynb (never README.md), run `make readme`, commit both.")
    else: print("README in sync with nbs/index.ipynb: ok")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "clean": check_clean()
    elif what == "export": check_export()
    elif what == "readme": check_readme(write="--write" in sys.argv)
    else: sys.exit(__doc__)
