"""Reads of the standards catalogue.

Standards are public reference data (no personal information): the public catalogue reads
them without a login, and the other apps (recognition, committees) read the tree of the
standard a dossier aims for. The committee's maintenance pages read their own standards only.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from atout.accounts.models import Role
from atout.accounts.scoping import organisation_ids
from atout.standards.models import Competency, Criterion, Element, OtherRoute, Standard

MAX_QUERY = 100


def standards_in_force() -> QuerySet[Standard]:
    """Standards a dossier may aim for today (in force), with their committee."""
    return Standard.objects.filter(status=Standard.Status.IN_FORCE).select_related("committee")


def standard_tree(standard: Standard) -> list[Competency]:
    """The standard's competencies in order, each with `.elements` and their `.criteria`
    prefetched (iterate `competency.elements.all()` and `element.criteria.all()`: no query)."""
    return list(
        standard.competencies.order_by("number").prefetch_related(
            Prefetch(
                "elements",
                queryset=Element.objects.order_by("number").prefetch_related(
                    Prefetch("criteria", queryset=Criterion.objects.order_by("number"))
                ),
            )
        )
    )


def tree_by_kind(tree: list[Competency]) -> list[tuple[str, list[Competency]]]:
    """Essential competencies first, then complementary ones; empty groups left out."""
    groups = [(kind, [c for c in tree if c.kind == kind]) for kind in Competency.Kind.values]
    return [(kind, items) for kind, items in groups if items]


def committee_standards(user) -> QuerySet[Standard]:
    """The standards of the committees where the user maintains standards."""
    ids = organisation_ids(user, {Role.COMMITTEE_EVALUATOR})
    return Standard.objects.filter(committee_id__in=ids).select_related("committee")


def managed_standard(user, pk: int) -> Standard:
    """One standard of the user's committees (DoesNotExist otherwise)."""
    return committee_standards(user).get(pk=pk)


def public_standard(pk: int) -> Standard:
    """A standard shown in the public catalogue (DoesNotExist otherwise)."""
    return Standard.objects.select_related("committee").get(pk=pk, published=True)


def fold(text: str) -> str:
    """Lower case without accents, for a search that forgives « cuisiniere » and « CUISINIÈRE »."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _matches(words: list[str], noc_code: str, *texts: str) -> bool:
    if not words:
        return True
    haystack = " ".join(fold(t) for t in texts)
    return all((word.isdigit() and noc_code.startswith(word)) or word in haystack for word in words)


@dataclass
class CatalogueResult:
    query: str
    standards: list[Standard]
    # Other routes matching the search (shown when no standard matches, or beside them).
    other_routes: list[OtherRoute] = field(default_factory=list)

    @property
    def found_nothing(self) -> bool:
        return bool(self.query) and not self.standards


def catalogue_search(query: str) -> CatalogueResult:
    """Published standards whose trade (French or English) or NOC code matches every word.

    The catalogue holds tens of standards, so matching runs in Python, the same on SQLite
    and PostgreSQL, accent- and case-insensitive. Other routes are matched the same way.
    """
    query = " ".join((query or "").split())[:MAX_QUERY]
    words = fold(query).split()
    standards = [
        s
        for s in Standard.objects.filter(published=True)
        .exclude(status=Standard.Status.WITHDRAWN)
        .select_related("committee")
        if _matches(words, s.noc_code, s.title_fr, s.title_en, s.committee.name)
    ]
    routes = []
    if words:
        routes = [
            r
            for r in OtherRoute.objects.all()
            if _matches(words, r.noc_code, r.trade_fr, r.trade_en)
        ]
    return CatalogueResult(query=query, standards=standards, other_routes=routes)


def other_routes() -> QuerySet[OtherRoute]:
    return OtherRoute.objects.all()
