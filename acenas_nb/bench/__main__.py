"`python -m acenas_nb.bench ranker|search|supernet|proxies ...`: the command line lives in `acenas_nb.bench.cli` (nbs/22f_bench_cli.ipynb)."
from acenas_nb.bench.cli import bench_main

if __name__ == "__main__": bench_main()
