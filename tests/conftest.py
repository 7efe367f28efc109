"One local Ray cluster for the whole test session, started with retries that fit two busy cores."
import os, subprocess, sys, textwrap

# A process that owns the cluster: it starts Ray (Ray waits at most 30 s for its raylet, so a loaded machine gets
# three attempts), prints the address, and shuts Ray down when its stdin closes (the test session ended).
_OWNER = textwrap.dedent("""
    import os, sys
    os.environ["RAY_AUTH_MODE"] = "disabled"     # the session's processes join without a token (a local test cluster only)
    import ray
    for i in range(3):
        try: ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False); break
        except Exception:
            ray.shutdown()
            if i == 2: raise
    print(ray.get_runtime_context().gcs_address, flush=True)
    sys.stdin.read(); ray.shutdown()
""")


def pytest_configure(config):
    "In the controlling process only (not in xdist workers): start Ray once; tests and their subprocesses join it via RAY_ADDRESS."
    config.addinivalue_line("markers", "slow: a long test, run by `make test-slow` and left out of `make test`")
    if hasattr(config, "workerinput") or os.environ.get("RAY_ADDRESS"): return
    owner = subprocess.Popen([sys.executable, "-c", _OWNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    address = owner.stdout.readline().strip()
    if not address: raise RuntimeError("the test session's Ray cluster did not start (three attempts); see the output above")
    os.environ["RAY_ADDRESS"] = address; os.environ["RAY_AUTH_MODE"] = "disabled"; config._acenas_ray = owner


def pytest_unconfigure(config):
    owner = getattr(config, "_acenas_ray", None)
    if owner is not None:
        owner.stdin.close(); owner.wait(timeout=60)
        for k in ("RAY_ADDRESS", "RAY_AUTH_MODE"): os.environ.pop(k, None)
