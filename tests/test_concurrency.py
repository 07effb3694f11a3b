"""No lost updates: concurrent saves either land or are refused as conflicts, and the
history adds up to the final state. Threads on both databases; processes too."""
import multiprocessing
import threading
from decimal import Decimal

import sqlalchemy as sa

from roadshow.auth import Actor
from roadshow.models import Project, ProjectHistory
from roadshow.services import Conflict, update_project
from tests.conftest import add_project, url_of

DISPATCH = Actor("dispatch", "dispatcher")


def versions(engine, ids):
    with engine.connect() as db:
        return dict(db.execute(sa.select(Project.id, Project.version).where(Project.id.in_(ids))).all())


def check_outcome(engine, outcomes: dict[int, list[tuple[int, str]]]):
    """outcomes: project id -> [(amount tried, "landed" | "conflict")]. Asserts nothing was lost."""
    with engine.connect() as db:
        for pid, tries in outcomes.items():
            landed = [amount for amount, result in tries if result == "landed"]
            assert {r for _, r in tries} <= {"landed", "conflict"}, tries  # no other failure, no "database is locked"
            assert len(landed) == 1, tries  # all loaded the same version: exactly one wins
            final, version = db.execute(sa.select(Project.completed_wan, Project.version)
                                        .where(Project.id == pid)).one()
            assert final == Decimal(landed[0])
            assert version == 2
            changes = db.execute(sa.select(ProjectHistory.changed_by, ProjectHistory.new_value).where(
                ProjectHistory.project_id == pid, ProjectHistory.field == "completed_wan")).all()
            assert changes == [(f"worker{landed[0]}", f"{landed[0]}.00")]


def test_twenty_threads_on_the_same_and_on_different_projects(engine):
    same = add_project(engine, total=5000)
    different = [add_project(engine, total=5000) for _ in range(10)]
    targets = [same] * 10 + different
    loaded = versions(engine, targets)
    barrier = threading.Barrier(len(targets))
    results: dict[int, list] = {pid: [] for pid in targets}

    def save(n: int, pid: int):
        amount = 1000 + n
        barrier.wait()  # all twenty save at once, each against the version it loaded
        try:
            update_project(Actor(f"worker{amount}", "dispatcher"), pid, loaded[pid],
                           {"completed_wan": str(amount)}, None, engine)
            results[pid].append((amount, "landed"))
        except Conflict:
            results[pid].append((amount, "conflict"))
        except Exception as error:  # noqa: BLE001 - any other outcome is the failure under test
            results[pid].append((amount, repr(error)))

    threads = [threading.Thread(target=save, args=(n, pid)) for n, pid in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check_outcome(engine, results)


def _process_save(url, pid, version, amount, barrier, queue):
    from roadshow.database import get_engine
    engine = get_engine(url)
    barrier.wait()
    try:
        update_project(Actor(f"worker{amount}", "dispatcher"), pid, version, {"completed_wan": str(amount)}, None,
                       engine)
        queue.put((amount, "landed"))
    except Conflict:
        queue.put((amount, "conflict"))
    except Exception as error:  # noqa: BLE001
        queue.put((amount, repr(error)))


def test_separate_processes_saving_the_same_project(engine):
    pid = add_project(engine, total=5000)
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(8), context.Queue()
    workers = [context.Process(target=_process_save, args=(url_of(engine), pid, 1, 2000 + n, barrier, queue))
               for n in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    check_outcome(engine, {pid: [queue.get(timeout=5) for _ in workers]})


def test_a_double_clicked_save_changes_the_data_once(engine):
    pid = add_project(engine)
    assert update_project(DISPATCH, pid, 1, {"completed_wan": "55"}, None, engine) is True
    assert update_project(DISPATCH, pid, 1, {"completed_wan": "55"}, None, engine) is False  # same save again
    with engine.connect() as db:
        assert db.execute(sa.select(Project.version).where(Project.id == pid)).scalar() == 2
        assert db.execute(sa.select(sa.func.count()).select_from(ProjectHistory)
                          .where(ProjectHistory.project_id == pid)).scalar() == 1


def test_a_stale_save_is_refused_and_shows_the_other_change(engine):
    from roadshow.services import changes_since
    pid = add_project(engine)
    update_project(Actor("li", "dispatcher"), pid, 1, {"completed_wan": "70"}, None, engine)
    try:
        update_project(DISPATCH, pid, 1, {"completed_wan": "80"}, None, engine)
        raise AssertionError("a stale save landed")
    except Conflict as conflict:
        others = changes_since(pid, conflict.version, engine)
    assert [(h.changed_by, h.field, h.old_value, h.new_value) for h in others] == [
        ("li", "completed_wan", "0.00", "70.00")]
    assert update_project(DISPATCH, pid, 2, {"completed_wan": "80"}, None, engine)  # reapplied on the new version
