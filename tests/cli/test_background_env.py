"""`BackgroundEnv`: the stdio server's env, built after the client's handshake instead of during it."""

from __future__ import annotations

import threading
import time

from coding_env_mcp.cli.compose import BackgroundEnv, EnvPlan


class Recorded:
    """A stand-in env that notes when it was built and closed (the real build is exercised over stdio)."""

    def __init__(self) -> None:
        self.closed = False
        self.name = "env"

    def close(self) -> None:
        self.closed = True


class Plan:
    """Counts builds and discards, so a test can say which happened."""

    def __init__(self, fail: BaseException | None = None) -> None:
        self.built: list[Recorded] = []
        self.discarded = 0
        self.built_event = threading.Event()
        self.fail = fail

    def build(self) -> Recorded:
        if self.fail is not None:
            raise self.fail
        env = Recorded()
        self.built.append(env)
        self.built_event.set()
        return env

    def discard(self) -> None:
        self.discarded += 1

    def plan(self, urgent: bool = False) -> EnvPlan:
        return EnvPlan(self.build, self.discard, urgent)  # type: ignore[arg-type]


def test_nothing_is_built_during_the_grace_period_and_a_use_builds_at_once():
    plan = Plan()
    env = BackgroundEnv(plan.plan(), lambda exc: None, delay_s=60)
    time.sleep(0.2)
    assert plan.built == [] and not env.started
    began = time.perf_counter()
    assert env.name == "env"  # any use waits for the build, which starts now rather than in a minute
    assert time.perf_counter() - began < 10
    assert len(plan.built) == 1
    env.close()
    assert plan.built[0].closed and plan.discarded == 0


def test_the_build_starts_by_itself_after_the_grace_period():
    plan = Plan()
    env = BackgroundEnv(plan.plan(), lambda exc: None, delay_s=0.05)
    assert plan.built_event.wait(10)
    env.close()
    assert plan.built[0].closed


def test_a_server_stopped_before_the_build_builds_nothing_and_lets_go_of_what_it_opened():
    plan = Plan()
    env = BackgroundEnv(plan.plan(), lambda exc: None, delay_s=60)
    began = time.perf_counter()
    env.close()
    assert time.perf_counter() - began < 10
    assert plan.built == [] and plan.discarded == 1


def test_an_urgent_build_starts_at_once_and_a_stop_waits_for_its_verdict():
    failures: list[BaseException] = []
    plan = Plan(fail=RuntimeError("isolation 'uid' is below the required 'bwrap'"))
    env = BackgroundEnv(plan.plan(urgent=True), failures.append, delay_s=60)
    assert env.started
    env.close()  # the client left at once: the required check still ran and its failure was reported
    assert [str(exc) for exc in failures] == ["isolation 'uid' is below the required 'bwrap'"]
    assert plan.discarded == 0
