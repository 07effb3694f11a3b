"""The data version (the key of every cached figure) grows once per write, even under concurrency."""
import threading

from roadshow.database import data_version, write_session

WRITES = 60


def test_two_concurrent_writers_each_count(engine):
    before = data_version(engine)
    barrier = threading.Barrier(2)
    failures = []

    def writer():
        barrier.wait()
        try:
            for _ in range(WRITES):
                with write_session(engine):
                    pass
        except Exception as error:  # noqa: BLE001 - any failure is the failure under test
            failures.append(repr(error))

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert data_version(engine) == before + 120


def test_the_first_write_creates_the_version(engine):
    with engine.begin() as db:
        db.exec_driver_sql("DELETE FROM meta")
    assert data_version(engine) == 0
    with write_session(engine):
        pass
    with write_session(engine):
        pass
    assert data_version(engine) == 2
