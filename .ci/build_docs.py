"""Build the documentation site from the notebooks: `make docs` (site in _docs/, pages in _proc/docs/).

nbdev's own site builder, `nbdev_docs`, renders through Quarto, and Quarto cannot be installed from
the package registries (the `quarto-cli` sdist downloads its binary from GitHub at install time).
So the site is rendered with mkdocs-material (pure-Python wheels, pinned in .ci/docs-requirements.txt),
while the pages are made the way nbdev makes them: every notebook a page; exported cells hidden and
followed by nbdev's `show_doc` of each name they define (signature, docments table, source link);
`#| hide` cells dropped; `#| exec_doc` cells executed in the module's namespace; every other code
cell shown as an example. Nothing else runs: no benchmark, no test, no training. Report pages
(nbs/reports/) are markdown with numbers from committed rows.

Links: a link to a notebook becomes a link to its page, to nbs/images/ a link to the copied image,
to any other file of the repository a link to it on the repository's web page; a link that
resolves to nothing stops the build with its notebook and target (`python .ci/build_docs.py --check`
checks the links of every notebook and of README.md without building; tests/test_docs.py runs it).
"""
import argparse, configparser, importlib, json, os, re, shutil, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT / "nbs"
PROC = ROOT / "_proc" / "docs"
SITE = ROOT / "_docs"
LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)(\))")
MATHJAX = """window.MathJax = {tex: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]],
  processEscapes: true, processEnvironments: true}, options: {ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex"}};
"""
HIDE = {"export", "exporti", "hide", "default_exp"}


def settings():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "settings.ini")
    return cfg["DEFAULT"]


def _title(nb_path):
    "The page title: the notebook's first `# heading`."
    for cell in json.loads(nb_path.read_text())["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "): return line[2:].strip()
    raise ValueError(f"{nb_path.relative_to(ROOT)}: no '# title' markdown line; add one as the first cell")


def pages():
    "Every page of the site in sidebar order: (section, title, notebook, page path relative to the docs folder)."
    out = [("Home", "Home", NBS / "index.ipynb", "index.md")]
    for p in sorted((NBS / "reports").glob("*.ipynb")):
        out.append(("Reports", _title(p), p, f"reports/{p.stem}.md"))
    for p in sorted(NBS.glob("*.ipynb")):
        if p.name != "index.ipynb": out.append(("Notebooks", _title(p), p, f"{p.stem}.md"))
    return out


def all_notebooks():
    "Every notebook of the repository's nbs/ (what the sidebar must hold)."
    return sorted(p for p in NBS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def nav(pgs=None):
    "The mkdocs `nav`: Home, then one section per kind of page."
    pgs = pages() if pgs is None else pgs
    out, sections = [], {}
    for section, title, _, page in pgs:
        if section == "Home": out.append({title: page}); continue
        if section not in sections: sections[section] = []; out.append({section: sections[section]})
        sections[section].append({title: page})
    return out


def relink(target, src, page, pgs, git_url):
    """Where the link `target`, written in notebook `src` (or README.md), points on the page `page`.
    `page` None: only check that it resolves (for README.md). Raises ValueError when it resolves to nothing."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"): return target
    path, _, anchor = target.partition("#")
    base = ROOT if src.name in ("index.ipynb", "README.md") else src.parent
    p = (base / path).resolve()
    if not p.exists():
        raise ValueError(f"{src.relative_to(ROOT)}: the link {target!r} points to {os.path.relpath(p, ROOT)}, which does not exist")
    if page is None: return target
    here = (Path("/") / page).parent
    by_nb = {nb.resolve(): pg for _, _, nb, pg in pgs}
    if p in by_nb: new = os.path.relpath(Path("/") / by_nb[p], here)
    elif p.is_relative_to(NBS / "images"): new = os.path.relpath(Path("/") / p.relative_to(NBS), here)
    else:
        rel = p.relative_to(ROOT).as_posix()
        new = f"{git_url}/{'tree' if p.is_dir() else 'blob'}/main" + ("" if rel == "." else f"/{rel}")
    return new + ("#" + anchor if anchor else "")


def check_links(pgs=None):
    "Every relative link of README.md and of every page's notebook, checked; returns the list of problems."
    pgs, bad = pages() if pgs is None else pgs, []
    sources = [(ROOT / "README.md", (ROOT / "README.md").read_text())]
    for _, _, nb, _ in pgs:
        sources.append((nb, "\n".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"]
                                      if c["cell_type"] == "markdown")))
    for src, text in sources:
        for m in LINK.finditer(text):
            try: relink(m.group(2), src, None, pgs, "")
            except ValueError as e: bad.append(str(e))
    return bad


def _directives(src):
    "The `#| name args` lines at the top of a code cell, and the source without them."
    lines, dirs = src.splitlines(), {}
    while lines and (lines[0].startswith("#|") or not lines[0].strip()):
        line = lines.pop(0)
        if line.startswith("#|"):
            name, *args = line[2:].split()
            dirs[name.rstrip(":")] = args
    return dirs, "\n".join(lines)


def _defined(src):
    "Public names a cell defines (functions, classes), in order, the way nbdev's `add_show_docs` picks them."
    import ast
    try: tree = ast.parse(src)
    except SyntaxError: return []
    return [o.name for o in tree.body if isinstance(o, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and (o.name[0] != "_" or o.name[:2] == "__")]


def _show_doc(obj):
    from nbdev.showdoc import show_doc
    md = show_doc(obj)._repr_markdown_()
    return re.sub(r"#LNone\)", ")", md)


def _exec_doc(src, ns):
    "Run an `#| exec_doc` cell in the module's namespace; its last expression's markdown (or text) is the output."
    import ast
    tree = ast.parse(src)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<exec_doc>", "exec"), ns)
    if last is None: return ""
    val = eval(compile(ast.Expression(last.value), "<exec_doc>", "eval"), ns)
    if hasattr(val, "_repr_markdown_"): return val._repr_markdown_()
    return f"```\n{val}\n```" if val is not None else ""


def render(nb, page, pgs, git_url):
    "The markdown of one page."
    cells = json.loads(nb.read_text())["cells"]
    mod = None
    for c in cells:
        if c["cell_type"] == "code":
            d, _ = _directives("".join(c["source"]))
            if "default_exp" in d: mod = importlib.import_module(f"acenas_nb.{d['default_exp'][0]}")
    ns = dict(vars(mod)) if mod else {}
    out = []
    for c in cells:
        src = "".join(c["source"])
        if c["cell_type"] == "markdown":
            fix = lambda m: m.group(1) + relink(m.group(2), nb, page, pgs, git_url) + m.group(3)
            out.append(LINK.sub(fix, src)); continue
        if c["cell_type"] != "code" or not src.strip(): continue
        d, body = _directives(src)
        if "hide" in d or d.get("include") == ["false"]: continue
        if "exec_doc" in d: out.append(_exec_doc(body, ns)); continue
        if not (d.keys() & HIDE) and body.strip():
            out.append(f"```python\n{body}\n```")
        if ("export" in d or "exports" in d) and mod is not None:
            for name in _defined(body):
                if hasattr(mod, name): out.append(_show_doc(getattr(mod, name)))
    return "\n\n".join(out) + "\n"


def mkdocs_yml(pgs, cfg):
    import yaml
    conf = {
        "site_name": cfg["title"], "site_description": cfg["description"],
        "site_url": cfg["doc_host"] + cfg["doc_baseurl"] + "/", "repo_url": cfg["git_url"],
        "edit_uri": "blob/main/nbs/", "docs_dir": str(PROC), "site_dir": str(SITE),
        "theme": {"name": "material", "features": ["navigation.sections", "navigation.indexes", "search.highlight",
                                                   "content.code.copy"]},
        "markdown_extensions": ["tables", "attr_list", "admonition", "md_in_html", {"toc": {"permalink": True}},
                                "pymdownx.superfences", {"pymdownx.highlight": {"use_pygments": True}},
                                {"pymdownx.arithmatex": {"generic": True}}],
        # the notebooks' $...$ and $$...$$ equations: MathJax, fetched by the reader's browser (nothing at build time)
        "extra_css": ["stylesheets/extra.css"],   # wider pages: the benchmark tables have many columns
        "extra_javascript": ["javascripts/mathjax.js", "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"],
        "plugins": ["search"], "nav": nav(pgs),
        "validation": {"links": {"not_found": "warn", "anchors": "ignore", "unrecognized_links": "ignore"}},
    }
    return yaml.safe_dump(conf, sort_keys=False, allow_unicode=True)


def build(serve=False):
    t0, cfg, pgs = time.time(), settings(), pages()
    bad = check_links(pgs)
    if bad: sys.exit("broken links:\n  " + "\n  ".join(bad))
    if PROC.exists(): shutil.rmtree(PROC)
    (PROC / "reports").mkdir(parents=True)
    shutil.copytree(NBS / "images", PROC / "images")
    (PROC / "javascripts").mkdir()
    (PROC / "javascripts" / "mathjax.js").write_text(MATHJAX)
    (PROC / "stylesheets").mkdir()
    (PROC / "stylesheets" / "extra.css").write_text(".md-grid { max-width: 1600px; }\n.md-typeset table:not([class]) { font-size: .68rem; }\n")
    for i, (_, title, nb, page) in enumerate(pgs, 1):
        print(f"[{i}/{len(pgs)}] {nb.relative_to(ROOT)} -> {page}", flush=True)
        (PROC / page).write_text(render(nb, page, pgs, cfg["git_url"]))
    yml = PROC.parent / "mkdocs.yml"
    yml.write_text(mkdocs_yml(pgs, cfg))
    print(f"pages written in {time.time() - t0:.0f} s; mkdocs build --strict", flush=True)
    subprocess.run([sys.executable, "-m", "mkdocs", "serve" if serve else "build", "--strict", "-f", str(yml)]
                   + ([] if serve else ["--clean"]), check=True)
    print(f"docs: {len(pgs)} pages in {SITE.relative_to(ROOT)}/ ({time.time() - t0:.0f} s); open {SITE.relative_to(ROOT)}/index.html")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check the links of README.md and every notebook")
    ap.add_argument("--serve", action="store_true", help="serve the site at http://127.0.0.1:8000/acenas_nb/ instead of writing _docs/")
    a = ap.parse_args()
    if a.check:
        bad = check_links()
        print("\n".join(bad) if bad else f"links: all resolve ({len(pages())} pages and README.md)")
        sys.exit(1 if bad else 0)
    build(a.serve)
