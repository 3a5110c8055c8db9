"""A value kept in its generation is served until any write of its group outdates it."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from atout.common.generations import cached_in_generation, new_generation

pytestmark = pytest.mark.django_db

KEY, GROUP = "test-value", "test-value:generation"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_the_value_is_computed_once_per_generation():
    calls, compute = counter()
    assert cached_in_generation(KEY, GROUP, compute, 60) == 1
    assert cached_in_generation(KEY, GROUP, compute, 60) == 1
    new_generation(GROUP)
    assert cached_in_generation(KEY, GROUP, compute, 60) == 2
    assert cached_in_generation(KEY, GROUP, compute, 60) == 2
    assert len(calls) == 2


def test_a_write_while_computing_outdates_the_value_computed():
    calls = []

    def compute_while_someone_writes():
        calls.append(1)
        new_generation(GROUP)  # another request saves a file of the group meanwhile
        return len(calls)

    assert cached_in_generation(KEY, GROUP, compute_while_someone_writes, 60) == 1
    assert cached_in_generation(KEY, GROUP, compute_while_someone_writes, 60) == 2


def test_a_lost_token_starts_a_new_generation():
    calls, compute = counter()
    cached_in_generation(KEY, GROUP, compute, 60)
    cache.delete(GROUP)  # culled, or the cache restarted
    assert cached_in_generation(KEY, GROUP, compute, 60) == 2
    assert cached_in_generation(KEY, GROUP, compute, 60) == 2


# The current token with no value, or with several (the reminders panel's entries before
# this helper), a bare value, nothing.
@pytest.mark.parametrize("shape", [(), (5, 6, 7, "/url"), 5, None])
def test_an_entry_of_another_shape_is_recomputed(shape):
    calls, compute = counter()
    new_generation(GROUP)
    cache.set(KEY, (cache.get(GROUP), *shape) if isinstance(shape, tuple) else shape)
    assert cached_in_generation(KEY, GROUP, compute, 60) == 1
    assert len(calls) == 1


def test_what_the_caller_read_saves_the_read(django_assert_num_queries):
    calls, compute = counter()
    cached_in_generation(KEY, GROUP, compute, 60)
    found = cache.get_many([KEY, GROUP])
    with django_assert_num_queries(0):  # the database cache would need one
        assert cached_in_generation(KEY, GROUP, compute, 60, found=found) == 1
