"""SQLite's writers of one process take the write lock first come first served (no writer left to
SQLite's sleep-and-retry, which let some wait seconds)."""
import threading
import time

from roadshow.database import WriterQueue


def wait_until(condition) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_writers_take_the_lock_in_the_order_they_asked():
    queue = WriterQueue()
    queue.acquire()  # the first writer holds it
    order, threads = [], []

    def writer(n: int) -> None:
        queue.acquire()
        order.append(n)
        queue.release()

    for n in range(5):  # each asks once the one before is waiting
        thread = threading.Thread(target=writer, args=(n,))
        thread.start()
        threads.append(thread)
        wait_until(lambda: len(queue._waiting) == n + 1)
    assert order == []  # nobody writes while the first holds it
    queue.release()
    for thread in threads:
        thread.join(timeout=10)
    assert order == [0, 1, 2, 3, 4]


def test_a_writer_asking_again_keeps_its_turn_and_a_newcomer_waits():
    queue = WriterQueue()
    queue.acquire()
    queue.acquire()  # a write session inside a write session: no deadlock on itself
    entered = threading.Event()

    def newcomer() -> None:
        queue.acquire()
        entered.set()
        queue.release()

    thread = threading.Thread(target=newcomer)
    thread.start()
    wait_until(lambda: len(queue._waiting) == 1)
    queue.release()
    assert not entered.wait(0.05)  # still held by the outer session
    queue.release()
    assert entered.wait(10)
    thread.join(timeout=10)
