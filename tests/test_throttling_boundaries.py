"""Sign-in limits at their exact edges: the shortest password, how long a failure counts (a day), and how
recently a client must have signed in to be a name's own (90 days)."""
from datetime import timedelta

import pytest

from roadshow import accounts
from roadshow.auth import AuthError, sign_in
from roadshow.models import utcnow
from tests.conftest import add_user
from tests.test_auth import ADMIN, at, guessing_campaign, refused

DAY = 24 * 3600


@pytest.fixture
def official(engine):
    add_user(engine, "wang", "street", "营城子", password="correct-horse")
    return engine


def test_a_password_of_eight_characters_is_long_enough_and_seven_is_not(official):
    with pytest.raises(AuthError, match="auth.password_too_short"):
        accounts.add_user(ADMIN, "li", "1234567", "leader", engine=official)
    accounts.add_user(ADMIN, "li", "12345678", "leader", engine=official)
    assert sign_in("li", "12345678", engine=official)[0].username == "li"


def test_a_failure_counts_for_one_day_and_no_longer(official):
    """Ten wrong passwords in the first ten seconds, one more a day later less ten seconds: just before a day
    has passed since the early ones, eleven count (a wait of 2^6 s); once it has, only the last one does."""
    for second in range(10):
        refused(official, "wang", "wrong-horse", when=at(second))
    refused(official, "wang", "wrong-horse", when=at(DAY - 10))
    assert refused(official, "wang", "correct-horse", when=at(DAY - 5)) == "auth.failed"  # throttled
    assert sign_in("wang", "correct-horse", "1.1.1.1", engine=official, now=at(DAY + 9.5))[0].username == "wang"


def test_a_client_that_signed_in_within_90_days_is_the_names_own(official):
    add_user(official, "leader1", "leader", password="leader-password")
    now = 1821  # one second after the last of 27 strangers' guesses: unknown clients wait until 1880 s
    sign_in("leader1", "leader-password", "10.0.0.1", engine=official, now=at(now) - timedelta(days=90, seconds=-60))
    sign_in("leader1", "leader-password", "10.0.0.2", engine=official, now=at(now) - timedelta(days=90, seconds=60))
    guessing_campaign(official, "leader1", 27)
    assert refused(official, "leader1", "leader-password", client="10.0.0.2", when=at(now)) == "auth.failed"
    assert sign_in("leader1", "leader-password", "10.0.0.1", engine=official, now=at(now))[0].role == "leader"


def test_a_failure_exactly_a_day_old_no_longer_counts(official):
    """Five wrong passwords at 9 s and four in the last seconds of the day (each after its wait): at a day and
    9 s the five are forgotten, four failures mean no wait; were they counted, nine would make the client
    wait 16 s after the last one, until a day and 11 s."""
    for _ in range(5):
        refused(official, "wang", "wrong-horse", when=at(9))
    for second in (DAY - 22, DAY - 19, DAY - 14, DAY - 5):
        refused(official, "wang", "wrong-horse", when=at(second))
    assert sign_in("wang", "correct-horse", "1.1.1.1", engine=official, now=at(DAY + 9))[0].username == "wang"


def test_a_names_sign_in_elsewhere_does_not_free_a_guessing_client(official):
    """Wang signing in from his own phone proves nothing about the client guessing his password."""
    for second in (0, 1, 2, 3, 4, 5, 7):  # each after the wait of the one before: 7 failures, a wait of 4 s
        refused(official, "wang", "wrong-horse", client="6.6.6.6", when=at(second))
    sign_in("wang", "correct-horse", "1.1.1.1", engine=official, now=at(8))
    assert refused(official, "wang", "correct-horse", client="6.6.6.6", when=at(9)) == "auth.failed"
    assert sign_in("wang", "correct-horse", "6.6.6.6", engine=official, now=at(11))[0].username == "wang"


def test_the_admins_unlock_frees_the_client_at_once(official):
    """Ten failures, each after the wait of the one before, the last a second ago: a wait of 32 s, which the
    admin's unlock ends."""
    base = utcnow() - timedelta(seconds=36)
    for second in (0, 1, 2, 3, 4, 5, 7, 11, 19, 35):
        refused(official, "wang", "wrong-horse", when=base + timedelta(seconds=second))
    assert refused(official, "wang", "correct-horse", when=utcnow()) == "auth.failed"
    accounts.unlock(ADMIN, "wang", official)
    assert sign_in("wang", "correct-horse", "1.1.1.1", engine=official, now=utcnow() + timedelta(seconds=1))
