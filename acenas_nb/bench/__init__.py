"""The benchmarks: `common` (run folders, parallel map, tables, figures), `ranker`, `search`, `supernet`; `python -m acenas_nb.bench` runs them."""
