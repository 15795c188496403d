"""Forming a pool's groups runs in the background (``manage.py db_worker``).

Progress is written outside the final transaction, so the pool page, polling
every second, sees it move: 10 % once the pool is loaded, 90 % once the
engine (and the random assignment it is compared with) has solved, 100 %
once the proposal is saved in one transaction. Each step renews the task's
lease (huddle/worker): a long solve is not taken for a dead worker.
"""

import logging

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.groups.models import FormationRun
from huddle.groups.pools import adapter, services
from huddle.lib.errors import HuddleError
from huddle.matching import MatchingInputError
from huddle.worker.services import lease_renew

logger = logging.getLogger(__name__)


def _progress(run_id: int, percent: int) -> None:
    lease_renew()  # each phase is a heartbeat: the worker is alive
    FormationRun.objects.filter(pk=run_id).update(progress=percent)


def _fail(run_id: int, message: str) -> None:
    FormationRun.objects.filter(pk=run_id).update(
        status=FormationRun.Status.FAILED, error=message, finished_at=timezone.now()
    )


@task()
def formation_run(run_id: int) -> str:
    """Form one pool's groups around its locked ones and save the proposal; a finished run is not run again.

    A run left "running" by a worker that died is taken up again when the
    task is requeued; saving the proposal is all-or-nothing.
    """
    claimed = FormationRun.objects.filter(
        pk=run_id, status__in=[FormationRun.Status.QUEUED, FormationRun.Status.RUNNING]
    ).update(status=FormationRun.Status.RUNNING, progress=0, started_at=timezone.now())
    if not claimed:
        return "skipped"
    run = FormationRun.objects.select_related("pool__topic").get(pk=run_id)
    try:
        loaded = adapter.pool_load(run.pool, at=timezone.now())
        _progress(run_id, 10)
        outcome = adapter.pool_form(loaded, seed=run.seed)
        _progress(run_id, 90)
        services.proposal_save(run=run, outcome=outcome)
    except HuddleError as error:
        _fail(run_id, error.message)
        return "refused"
    except MatchingInputError as error:
        logger.warning("Formation run %s refused its input: %s", run_id, error)
        _fail(run_id, _("The engine refused the pool: %(error)s") % {"error": error})
        return "failed"
    except Exception:
        # A bug must not leave the run "running" for ever, nor show a traceback; the log has it.
        logger.exception("Formation run %s failed", run_id)
        _fail(run_id, _("Forming groups failed unexpectedly. The error is logged; try again or contact support."))
        return "failed"
    return "done"
