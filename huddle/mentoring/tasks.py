"""Matching runs in the background (``manage.py db_worker``).

Progress is written outside the run's final transaction, so the cycle page,
polling every second, sees it move: 10 % when the pool is loaded, 60 % when
the engine has solved, 100 % once the proposal is saved in one transaction.
"""

import logging

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.lib.errors import HuddleError
from huddle.matching import MatchingInputError
from huddle.mentoring import adapter
from huddle.mentoring.models import Cycle, MatchRun, ProposedPair
from huddle.mentoring.proposals import services
from huddle.worker.services import lease_renew

logger = logging.getLogger(__name__)


def _progress(run_id: int, percent: int) -> None:
    lease_renew()  # each phase is a heartbeat: the worker is alive
    MatchRun.objects.filter(pk=run_id).update(progress=percent)


def _fail(run_id: int, message: str) -> None:
    MatchRun.objects.filter(pk=run_id).update(status=MatchRun.Status.FAILED, error=message, finished_at=timezone.now())


@task()
def matching_run(run_id: int) -> str:
    """Run the engine for one tier and save its proposal; a second call after it finished does nothing.

    A run left "running" by a worker that died is taken up again when the
    task is requeued (huddle/worker); saving the proposal is all-or-nothing.
    """
    claimed = MatchRun.objects.filter(pk=run_id, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]).update(
        status=MatchRun.Status.RUNNING, progress=5
    )
    if not claimed:
        return "skipped"
    run = MatchRun.objects.select_related("cycle").get(pk=run_id)
    cycle = run.cycle
    try:
        pool = adapter.pool_load(cycle, run.tier)
        locks = ProposedPair.objects.filter(cycle=cycle, tier=run.tier, locked=True).values_list(
            "mentee_id", "mentor_id"
        )
        _progress(run_id, 10)
        outcome = adapter.pool_match(
            pool, adapter.criteria_for(cycle), cycle.mode, locked=[(str(a), str(b)) for a, b in locks]
        )
        _progress(run_id, 60)
        services.proposal_save(run=run, outcome=outcome)
    except HuddleError as error:
        _fail(run_id, error.message)
        return "refused"
    except MatchingInputError as error:
        logger.warning("Matching run %s refused its input: %s", run_id, error)
        _fail(run_id, _("The matching engine refused the input: %(error)s") % {"error": error})
        return "failed"
    except Exception:
        # A bug must not leave the run "running" for ever; the log has the traceback.
        logger.exception("Matching run %s failed", run_id)
        _fail(run_id, _("Matching failed unexpectedly. The error is logged; try again or contact support."))
        return "failed"
    return "done"


@task()
def publication_notify(cycle_id: int) -> int:
    """Notify both sides of a published cycle (in-app, and e-mail on commit)."""
    cycle = Cycle.objects.filter(pk=cycle_id, published_at__isnull=False).first()
    if cycle is None:
        return 0
    return services.publication_notify(cycle=cycle)
