"""The load/soak driver's verdicts (bench/locust_load.py), on made-up request logs: no server."""

from __future__ import annotations

from bench import locust_load


class FakeSampler:
    """RSS per worker pid: `rss(t)` bytes; CPU grows one second per second."""

    def __init__(self, pids, rss):
        self.samples = {pid: [(t, rss(pid, t)) for t in range(0, 1000, 5)] for pid in pids}
        self.cpu = [(t, float(t)) for t in range(0, 1000, 5)]

    rss_at = locust_load.Sampler.rss_at
    cpu_between = locust_load.Sampler.cpu_between


class Worker:
    def __init__(self, pid):
        self.pid = pid


def rows(seconds: int, slow_after: int | None = None, fail_at: int | None = None):
    out = [(0.0, "login page", 500.0, False), (0.5, "login", 900.0, False)]
    for t in range(2, seconds):
        ms = 400.0 if slow_after is not None and t >= slow_after else 40.0
        out.append((float(t), "file page", ms, t == fail_at))
    return out


def test_steady_leaves_out_the_logins_and_what_ran_beside_them():
    kept = locust_load.steady(rows(10))
    assert all(name == "file page" for _t, name, _ms, _f in kept)
    assert min(t for t, *_ in kept) >= 1.4


def test_report_counts_every_error_logins_included(capsys):
    log = rows(20, fail_at=5) + [(1.0, "login", 30.0, True)]
    sampler = FakeSampler([1], lambda pid, t: 100)
    assert locust_load.report(log, sampler, {"SUCCESSFUL": 1}) == 2
    out = capsys.readouterr().out
    assert "req/s per core" in out and "p99" in out
    assert "MISS  load: no error (2 errors)" in out


def test_soak_passes_when_p99_and_memory_stay_flat(capsys):
    sampler = FakeSampler([1, 2], lambda pid, t: 200 * 2**20 + t * 1000)
    ok = locust_load.soak_report(
        locust_load.steady(rows(400)), sampler, [Worker(1), Worker(2)], window=100
    )
    out = capsys.readouterr().out
    assert ok, out
    assert "PASS  soak: p99 flat" in out and "PASS  soak: memory flat" in out
    assert "PASS  soak: server CPU per request flat" in out


def test_soak_misses_a_slower_end_and_a_growing_worker(capsys):
    sampler = FakeSampler([1, 2], lambda pid, t: 200 * 2**20 + (pid - 1) * t * 2**20)
    ok = locust_load.soak_report(
        locust_load.steady(rows(400, slow_after=300)), sampler, [Worker(1), Worker(2)], window=100
    )
    out = capsys.readouterr().out
    assert not ok
    assert "MISS  soak: p99 flat" in out and "MISS  soak: memory flat" in out


def test_soak_misses_a_server_that_burns_more_cpu_per_request(capsys):
    sampler = FakeSampler([1], lambda pid, t: 100)
    sampler.cpu = [(t, float(t if t < 300 else 300 + 3 * (t - 300))) for t in range(0, 1000, 5)]
    ok = locust_load.soak_report(locust_load.steady(rows(400)), sampler, [Worker(1)], window=100)
    out = capsys.readouterr().out
    assert not ok
    assert "PASS  soak: p99 flat" in out and "MISS  soak: server CPU per request flat" in out
