"The documentation site's sidebar holds every notebook and report once; README and notebook links resolve (no site build)."
import importlib.util
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_docs", ROOT / ".ci" / "build_docs.py")
docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(docs)


def _nav_pages(nav):
    for item in nav:
        for v in item.values():
            if isinstance(v, list): yield from _nav_pages(v)
            else: yield v


def test_every_notebook_and_report_is_in_the_sidebar_once():
    pgs = docs.pages()
    in_nav = list(_nav_pages(yaml.safe_load(docs.mkdocs_yml(pgs, docs.settings()))["nav"]))
    assert len(in_nav) == len(set(in_nav)), "a page is in the sidebar twice"
    by_page = {pg: nb for _, _, nb, pg in pgs}
    assert sorted(by_page[p] for p in in_nav) == docs.all_notebooks()
    reports = [p for p in in_nav if p.startswith("reports/")]
    assert len(reports) >= 8 and {"reports/01_search_nb201.md", "reports/06_weight_sharing.md"} <= set(reports)


def test_readme_and_notebook_links_resolve():
    assert docs.check_links() == []


def test_links_are_rewritten_for_the_site_and_broken_ones_named():
    pgs, src = docs.pages(), docs.NBS / "reports" / "02_default.ipynb"
    assert docs.relink("../20_search.ipynb#rounds", src, "reports/02_default.md", pgs, "G") == "../20_search.md#rounds"
    assert docs.relink("../images/bench_default_heldout.png", src, "reports/02_default.md", pgs, "G") == "../images/bench_default_heldout.png"
    assert (docs.relink("../../data/bench/nb101_c10_292_results.jsonl", src, "reports/02_default.md", pgs, "G")
            == "G/blob/main/data/bench/nb101_c10_292_results.jsonl")
    assert docs.relink("nbs/reports/03_latency.ipynb", docs.NBS / "index.ipynb", "index.md", pgs, "G") == "reports/03_latency.md"
    assert docs.relink("https://arxiv.org/abs/2108.03001", src, "reports/02_default.md", pgs, "G") == "https://arxiv.org/abs/2108.03001"
    with pytest.raises(ValueError, match=r"nbs/reports/02_default.ipynb: the link '../nope.ipynb' points to nbs/nope.ipynb"):
        docs.relink("../nope.ipynb", src, "reports/02_default.md", pgs, "G")
