"Numbers that must survive another CPU: the log-scaled weak labels round-trip relative to their magnitude."
import numpy as np

from acenas_nb.fit import from_z, to_z, weak_label_stats


def test_log_scaled_round_trip_is_relative():
    v = np.logspace(20, 45, 26)                              # synflow-like weak labels, 1e20 .. 1e45
    st = weak_label_stats({"synflow": v})["synflow"]
    assert st[2]                                             # spread over decades: stored on the log10 scale
    back = from_z(to_z(v, st), st)
    np.testing.assert_allclose(back, v, rtol=1e-12)          # a few ulps of log10 change 10**x by ~1e-14 relative
    z32 = to_z(v, st).astype(np.float32)                    # a ranker's float32 score: 6e-8 relative in z,
    np.testing.assert_allclose(from_z(z32, st), v, rtol=1e-5)   # ln(10) * |z| * std(log10 v) * 6e-8 ~ 2e-6 relative in v
    assert np.abs(from_z(z32, st) - v).max() > 1e10          # ...which is far above any absolute eps one would write
