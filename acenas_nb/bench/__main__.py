"`python -m acenas_nb.bench ranker|search|supernet|proxies ...`: the command line lives in `acenas_nb.cli` (nbs/41_cli.ipynb)."
from acenas_nb.cli import bench_main

if __name__ == "__main__": bench_main()
