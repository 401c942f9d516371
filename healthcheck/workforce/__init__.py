"""Workforce figures per team: import from CSV or XLSX, manual correction, and the
indicators worked out from them the DfE way.

Other features call these:
    figures_for(db, cycle_id) -> {team id: {field key: value}}
    compute_indicators(bank, figures) -> {indicator id: value or None}
    organisation_indicators(bank, figures_by_team) -> {indicator id: value or None}
    workforce_report(db, cycle) -> figures and indicators with small teams' figures
        about individuals hidden (use it for anything shown to people)
"""

from healthcheck.workforce.figures import (  # noqa: F401
    closed_message,
    definitions,
    figures_for,
    save_definitions,
    save_team_figures,
)
from healthcheck.workforce.importing import ImportPlan, apply_import, import_file, plan_import  # noqa: F401
from healthcheck.workforce.indicators import (  # noqa: F401
    compute_indicator,
    compute_indicators,
    disclosure,
    organisation_indicators,
)
from healthcheck.workforce.report import workforce_report  # noqa: F401
from healthcheck.workforce.values import FileProblem, WorkforceFileError  # noqa: F401
