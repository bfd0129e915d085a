"""Project lint rules: every model documents its grain, owner and columns, audits its grain, and
reads only the layers it may.

`sqlmesh lint` (and every plan) runs them; they are enabled in config.yaml by their lower-case
class names.
"""

from __future__ import annotations

from sqlglot import exp
from sqlmesh.core.linter.rule import Rule, RuleViolation
from sqlmesh.core.model import Model

UNIQUENESS_AUDITS = ("unique_values", "unique_combination_of_columns")


def _is_project_model(model: Model) -> bool:
    return not model.kind.is_external


def _audited_column_sets(model: Model) -> list[set[str]]:
    """Column sets that a uniqueness audit of the model covers."""
    covered: list[set[str]] = []
    for name, args in model.audits:
        if name not in UNIQUENESS_AUDITS:
            continue
        columns = args.get("columns")
        if columns is None:
            continue
        names = {c.name for c in columns.find_all(exp.Column)}
        if name == "unique_values":
            covered.extend({n} for n in names)
        else:
            covered.append(names)
    return covered


class ModelHasGrain(Rule):
    """Every model declares its grain."""

    def check_model(self, model: Model) -> RuleViolation | None:
        if _is_project_model(model) and not model.grains:
            return self.violation(f"{model.name} declares no grain.")
        return None


class ModelHasOwner(Rule):
    """Every model names the team that owns it."""

    def check_model(self, model: Model) -> RuleViolation | None:
        if _is_project_model(model) and not model.owner:
            return self.violation(f"{model.name} has no owner.")
        return None


class ModelHasDescription(Rule):
    """Every model carries a description (the comment above its MODEL block)."""

    def check_model(self, model: Model) -> RuleViolation | None:
        if _is_project_model(model) and not (model.description or "").strip():
            return self.violation(f"{model.name} has no description.")
        return None


class EveryColumnDescribed(Rule):
    """Every output column of a model has a description."""

    def check_model(self, model: Model) -> RuleViolation | None:
        if not _is_project_model(model):
            return None
        described = {k.lower() for k, v in model.column_descriptions.items() if (v or "").strip()}
        missing = [c for c in (model.columns_to_types or {}) if c.lower() not in described]
        if missing:
            return self.violation(f"{model.name}: columns without a description: {missing}.")
        return None


class GrainHasUniquenessAudit(Rule):
    """The grain of every model is covered by a uniqueness audit."""

    def check_model(self, model: Model) -> RuleViolation | None:
        if not _is_project_model(model) or not model.grains:
            return None
        grain = {g.name for grain in model.grains for g in grain.find_all(exp.Column)}
        if not any(grain == columns for columns in _audited_column_sets(model)):
            return self.violation(
                f"{model.name}: no unique_values/unique_combination_of_columns audit on its grain "
                f"{sorted(grain)}."
            )
        return None


class EveryModelUnitTested(Rule):
    """Every model has a YAML unit test in tests/.

    The built-in nomissingunittest also demands one for seeds, which SQLMesh cannot unit test;
    seeds are covered by their audits and by tests/python/test_seeds.py instead.
    """

    def check_model(self, model: Model) -> RuleViolation | None:
        if model.kind.is_external or model.kind.is_seed:
            return None
        if model.name not in self.context.models_with_tests:
            return self.violation(f"{model.name} has no unit test in tests/.")
        return None


# What each layer may read (schemas); a layer not listed (quality) may read anything.
LAYER_READS = {
    "staging": {"raw", "staging"},
    "core": {"staging", "core"},
    "marts": {"core", "marts"},
    "semantic": {"core", "marts", "semantic"},
    "reporting": {"core", "marts", "reporting"},
    "forecast": {"core", "marts", "forecast"},
}


class LayerReadsAllowedLayers(Rule):
    """A model reads only the layers below it: staging reads raw (and the seeds, which live in
    staging), core reads staging, marts read core, and semantic, reporting and forecast read core
    and marts; each layer may also read its own. quality may read anything."""

    def check_model(self, model: Model) -> RuleViolation | None:
        if not _is_project_model(model):
            return None
        allowed = LAYER_READS.get(model.schema_name)
        if allowed is None:
            return None
        forbidden = sorted(
            name
            for name in model.depends_on
            if exp.to_table(name, dialect=model.dialect).db not in allowed
        )
        if forbidden:
            return self.violation(
                f"{model.name} ({model.schema_name}) reads {forbidden}; "
                f"{model.schema_name} may read only {sorted(allowed)}."
            )
        return None
