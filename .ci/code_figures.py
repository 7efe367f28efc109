"""Figures a reader of the code base feels: export cells (count, median lines, share over 30), long source lines, `;`.

Usage: python .ci/code_figures.py [--long N] [--list]   (--list prints every line over N characters, default 150)
Export cells are the `#| export` / `#| exports` / `#| exporti` cells of nbs/*.ipynb; a line counts as long outside
module docstrings (nbdev writes a module's docstring from its notebook's title and summary) and `_modidx.py`.
"""
import argparse, ast, io, json, statistics, tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def export_cells():
    "(notebook, lines) of every export cell, directives excluded."
    out = []
    for nb in sorted((ROOT / "nbs").glob("*.ipynb")):
        for c in json.loads(nb.read_text())["cells"]:
            src = "".join(c["source"]).splitlines()
            if c["cell_type"] != "code" or not src: continue
            dirs = [l for l in src if l.startswith("#|")]
            if any(d.split()[1] in ("export", "exports", "exporti") for d in dirs if len(d.split()) > 1):
                out.append((nb.stem, len([l for l in src if not l.startswith("#|") and l.strip()])))
    return out


def _docstring_lines(text):
    "Line numbers (1-based) of the module docstring."
    tree = ast.parse(text)
    if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(getattr(tree.body[0], "value", None), ast.Constant):
        n = tree.body[0]
        return set(range(n.lineno, n.end_lineno + 1))
    return set()


def long_lines(limit):
    "(file, line number, length) of every library source line over `limit` characters, module docstrings aside."
    out = []
    for f in sorted((ROOT / "acenas_nb").rglob("*.py")):
        if f.name == "_modidx.py": continue
        text = f.read_text()
        skip = _docstring_lines(text)
        for i, line in enumerate(text.splitlines(), 1):
            if len(line) > limit and i not in skip: out.append((f.relative_to(ROOT).as_posix(), i, len(line)))
    return out


def semicolons():
    "Statement-separating `;` tokens in the library."
    n = 0
    for f in (ROOT / "acenas_nb").rglob("*.py"):
        if f.name == "_modidx.py": continue
        toks = tokenize.generate_tokens(io.StringIO(f.read_text()).readline)
        n += sum(1 for t in toks if t.type == tokenize.OP and t.string == ";")
    return n


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--long", type=int, default=150)
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    cells = export_cells()
    sizes = [n for _, n in cells]
    over = sum(n > 30 for n in sizes)
    print(f"export cells: {len(cells)}, median {statistics.median(sizes):g} lines, {over} over 30 ({100 * over / len(cells):.0f} %)")
    by_nb = {}
    for nb, n in cells: by_nb.setdefault(nb, []).append(n)
    worst = sorted(by_nb.items(), key=lambda kv: -sum(x > 30 for x in kv[1]) / len(kv[1]))[:5]
    print("most cells over 30 lines: " + ", ".join(f"{nb} {100 * sum(x > 30 for x in v) / len(v):.0f} % of {len(v)}" for nb, v in worst))
    ll = long_lines(a.long)
    print(f"library lines over {a.long} characters (module docstrings aside): {len(ll)}; `;` separators: {semicolons()}")
    if a.list:
        for f, i, n in ll: print(f"  {f}:{i} ({n})")
