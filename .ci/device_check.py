"""The GPU timing the README asks for when a GPU is at hand: one epoch of the paper's NB201 supernet (C = 16, N = 5, batch 256,
uniform single-path sampling) on the 10,000 CIFAR-10 training images of ../shared/data/images, then the weak labels of 1,000
NB201 cells on 512 test images (the study's labelling). Prints one JSON line of wall times.

    python .ci/device_check.py --device cuda                     # on a GPU machine (about a minute)
    python .ci/device_check.py --device cpu --max-steps 10       # here: the cost per step and per cell on the CPU
"""
import argparse, json, tempfile, time
from pathlib import Path

import numpy as np, torch
from acenas_nb.core import get_device, shared_data_dir
from acenas_nb.data import load_dataset
from acenas_nb.supernet import Supernet, train_supernet, weak_labels

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--device", default="auto")
p.add_argument("--C", type=int, default=16)
p.add_argument("--N", type=int, default=5)
p.add_argument("--batch-size", type=int, default=256)
p.add_argument("--max-steps", type=int, default=None, help="stop the epoch after this many steps (CPU: a sample of its cost)")
p.add_argument("--cells", type=int, default=1000)
a = p.parse_args()
dev = get_device(a.device)
img = shared_data_dir() / "images"
data = load_dataset("npz", f"{img}/cifar10_train_10k.npz,{img}/cifar10_test_10k.npz", valid_frac=0.0)
sn = Supernet(C=a.C, N=a.N)
steps = -(-len(data.train) // a.batch_size)
if dev.type == "cuda": torch.cuda.synchronize()
t0 = time.perf_counter()
with tempfile.TemporaryDirectory() as d:
    train_supernet(sn, data, epochs=1, batch_size=a.batch_size, device=dev, ckpt=Path(d) / "sn.pt", max_steps=a.max_steps, progress=False)
if dev.type == "cuda": torch.cuda.synchronize()
train_s, done = time.perf_counter() - t0, min(steps, a.max_steps or steps)
rng = np.random.default_rng(0)
cells = [sn.space.sample(rng) for _ in range(a.cells)]
t0 = time.perf_counter()
w = weak_labels(sn, cells, data, split="test", max_images=512, device=dev, progress=False)
label_s = time.perf_counter() - t0
print(json.dumps(dict(device=str(dev), name=torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu", threads=torch.get_num_threads(),
                      C=a.C, N=a.N, batch=a.batch_size, steps=done, steps_per_epoch=steps, train_s=round(train_s, 2),
                      epoch_s=round(train_s * steps / done, 1), cells=len(w), label_s=round(label_s, 2),
                      per_cell_ms=round(1000 * label_s / len(w), 1))))
