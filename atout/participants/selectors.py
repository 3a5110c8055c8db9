"""Reads of participant files. Every one starts from `visible_to(user)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import formats
from django.utils.translation import get_language

from atout.accounts.models import Organisation, Role, User
from atout.accounts.scoping import user_memberships
from atout.common.generations import cached_in_generation, new_generation
from atout.documents.kinds import document_kinds
from atout.participants.models import (
    Attachment,
    Audience,
    ContactField,
    JournalNote,
    Participant,
    search_key,
)

PAGE_SIZE = 25
# A search counts its matches per status up to this many; past it the page says « 1 000+ »
# (a one-letter search would otherwise read every file of the organisation to count them).
COUNT_CAP = 1000
SORTS = {
    "name": ("family_name", "given_names", "pk"),
    "-updated": ("-updated_at", "pk"),
    "opened": ("opened_on", "pk"),
    "-opened": ("-opened_on", "pk"),
}


@dataclass
class CaseloadFilters:
    scope: str = "mine"  # "mine", "organisation" or "referred"
    query: str = ""
    status: str = ""
    counsellor: int | None = None
    cle: int | None = None
    sort: str = "name"
    page: int = 1


@dataclass
class Caseload:
    page: Page
    total: int
    status_counts: dict[str, int] = field(default_factory=dict)
    filters: CaseloadFilters = field(default_factory=CaseloadFilters)
    # Statuses whose count stopped at COUNT_CAP (then `status_counts` holds the cap): « 1 000+ »
    capped: frozenset[str] = frozenset()
    # The total is a lower bound (a capped status is in it).
    total_capped: bool = False

    @property
    def status_summary(self) -> list[tuple[str, int | str, bool]]:
        """(status label, count, capped) in the order of the statuses, for display; a capped
        count is the cap written the Quebec way (« 1 000 »), to print with its « + »."""
        return [
            (
                str(label),
                _grouped(self.status_counts.get(value, 0))
                if value in self.capped
                else self.status_counts.get(value, 0),
                value in self.capped,
            )
            for value, label in Participant.Status.choices
        ]

    @property
    def total_label(self) -> str:
        """The total with its thousands grouped (« 2 450 », "2,450"), for a capped total."""
        return _grouped(self.total)

    @property
    def pages_label(self) -> str:
        """The number of pages; « 40+ » when the total is capped (more pages may exist)."""
        pages = self.page.paginator.num_pages
        return f"{pages}+" if self.total_capped else str(pages)


def _grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


def search_filter(query: str) -> Q:
    """Every word must appear in the accent-free name/e-mail key (trigram-indexed on PG)."""
    condition = Q()
    for word in search_key(query).split()[:8]:
        condition &= Q(search_text__contains=word)
    return condition


def caseload(*, user: User, organisation: Organisation, filters: CaseloadFilters) -> Caseload:
    """One page of files with counts per status, in two queries whatever the data.

    Without a search: `count(*) … GROUP BY status`, then the page walks the name (or date)
    index and stops after 25 rows. With a search: one query reads the matches once, counts
    them per status with window functions and returns only the 25 page keys (the page's
    status first, then the chosen order); a second fetches those rows by primary key with
    their joins, so the joins run on 25 rows rather than on every match.
    """
    if filters.scope == "referred":
        base = Participant.objects.visible_through(user, "referring_cle", organisation)
    else:
        base = Participant.objects.visible_through(user, "organisation", organisation)
        if filters.scope == "mine":
            base = base.filter(counsellor=user)
    if filters.query:
        base = base.filter(search_filter(filters.query))
    if filters.counsellor:
        base = base.filter(counsellor_id=filters.counsellor)
    if filters.cle:
        base = base.filter(referring_cle_id=filters.cle)
    ordering = SORTS.get(filters.sort, SORTS["name"])
    status = filters.status if filters.status in Participant.Status.values else ""
    if filters.query:
        return _searched(base, filters, ordering, status)

    counts = _listed_counts(base, user, organisation, filters)
    rows = base.filter(status=status) if status else base
    total = counts[status] if status else sum(counts.values())
    rows = _shown(rows).order_by(*ordering)
    paginator = _CountedPaginator(rows, PAGE_SIZE, known_count=total)
    page = paginator.get_page(filters.page)
    return Caseload(page=page, total=total, status_counts=counts, filters=filters)


# The unsearched list's counts per status (the organisation list reads all 60,000 files of
# the benched organisation for them: the page's slowest query) live in the shared cache, one
# entry per user (their memberships: what `visible_to` depends on), organisation, scope and
# filters, tagged with the organisation's generation token, which every save or delete of
# one of its files replaces (`receivers`, `atout.common.generations`). So a change shows on
# the next request, and a busy organisation does not empty the other organisations'
# entries. Unseen for at most COUNTS_SECONDS: a write that bypassed the signals (a queryset
# `update()`, which no code does on files today) and, in the organisation a file was moved
# out of, the move.
COUNTS_SECONDS = 60


def _counts_generation_key(organisation_id: int) -> str:
    return f"caseload-counts:generation:{organisation_id}"


def _listed_counts(
    base: QuerySet[Participant], user: User, organisation: Organisation, filters: CaseloadFilters
) -> dict[str, int]:
    """Files per status of the unsearched list: `COUNT(*) … GROUP BY status`, or the cache."""
    memberships = ",".join(f"{o}:{r}" for o, r in sorted(user_memberships(user)))
    key = (
        f"caseload-counts:{user.pk}:{memberships}:{organisation.pk}:{filters.scope}"
        f":{filters.counsellor or ''}:{filters.cle or ''}"
    )

    def count() -> dict[str, int]:
        counts = dict.fromkeys(Participant.Status.values, 0)
        for row in base.order_by().values("status").annotate(n=Count("*")):
            if row["status"] in counts:
                counts[row["status"]] = row["n"]
        return counts

    generation_key = _counts_generation_key(organisation.pk)
    return dict(cached_in_generation(key, generation_key, count, COUNTS_SECONDS))


def forget_listed_counts(organisation_id: int) -> None:
    """A new generation: the organisation's cached counts of its unsearched lists are recounted."""
    new_generation(_counts_generation_key(organisation_id))


def _searched(
    base: QuerySet[Participant], filters: CaseloadFilters, ordering: tuple, status: str
) -> Caseload:
    """The search page: counts, page and its rows in one pass over the matches, one query.

    The pass (`_match_rows`) reads at most COUNT_CAP + 1 matches (a LIMIT without order:
    the scan stops there). Fewer: they are all the matches, so their counts and page are
    exact, in one query. More (a broad search such as one letter): each status is counted
    up to the cap in one query of three `LIMIT` subqueries and the page is read like the
    unsearched list (the name index, stopping after the page): three queries, and none
    reads every match. The counts then show « 1 000+ » and pages stop at the counted rows.
    """
    cap = COUNT_CAP
    read = _match_rows(base, ordering, status, cap)
    number = _page_number(filters.page)
    found = read((number - 1) * PAGE_SIZE)
    if not found and number > 1:  # past the last page: read the counts, show the last page
        found = read(0)
        number = None
    counts = dict.fromkeys(Participant.Status.values, 0)
    if found:
        counts = {value: int(getattr(found[0], f"_n{i}")) for i, value in enumerate(counts)}
    if sum(counts.values()) > cap:
        return _broad(base, filters, ordering, status)
    total = counts[status] if status else sum(counts.values())
    paginator = _CountedPaginator([], PAGE_SIZE, known_count=total)
    if number is None:
        number = paginator.num_pages
        offset = (number - 1) * PAGE_SIZE
        found = read(offset) if number > 1 else found
    rows = [p for p in found if not status or p.status == status]
    base.note_files_read(rows)  # a raw query: noted as `visible_to`'s own rows are
    return Caseload(
        page=Page(rows, number, paginator), total=total, status_counts=counts, filters=filters
    )


def _match_rows(
    base: QuerySet[Participant], ordering: tuple, status: str, cap: int
) -> Callable[[int], list[Participant]]:
    """A function reading one page of files from the matches, each with the counts per status.

    One query over at most cap + 1 matches, taken by a LIMIT without order (so the scan
    stops there) in a subquery compiled by the ORM from the scoped queryset, with the
    columns a row shows; the middle query counts them per status with window functions
    (`_n0`, `_n1`… on every row) and sorts them for the page, leading with the page's status
    (its rows first, the others only carry the counts); the outer one joins the page's 25
    rows to their counsellor and CLE. The subquery form keeps PostgreSQL from walking the
    name index across the whole organisation for a common name (measured before: 380 ms
    instead of 30). One query rather than keys then rows by primary key: the second query's
    round trip, planning and ORM compiling were a third of a search's time.
    """
    quote = connections[base.db].ops.quote_name
    model = base.model
    sort_columns = [
        model._meta.pk.column if name.lstrip("-") == "pk" else name.lstrip("-") for name in ordering
    ]
    columns = list(dict.fromkeys([*ROW_COLUMNS, *sort_columns]))
    limited = base.order_by().values_list(*columns)[: cap + 1]
    inner, params = limited.query.get_compiler(using=base.db).as_sql()
    statuses = Participant.Status.values
    counts = ", ".join(
        f"SUM(CASE WHEN m.{quote('status')} = %s THEN 1 ELSE 0 END) OVER () AS {quote(f'_n{i}')}"
        for i in range(len(statuses))
    )

    def order(alias: str) -> str:
        terms = [
            f"{alias}.{quote(column)}{' DESC' if name[0] == '-' else ''}"
            for name, column in zip(ordering, sort_columns, strict=True)
        ]
        if status:
            terms.insert(0, f"CASE WHEN {alias}.{quote('status')} = %s THEN 0 ELSE 1 END")
        return ", ".join(terms)

    user_table = quote(User._meta.db_table)
    cle_table = quote(Organisation._meta.db_table)
    sql = (
        f"SELECT k.*, u.{quote('full_name')} AS {quote('_counsellor_name')},"  # noqa: S608
        f" u.{quote('email')} AS {quote('_counsellor_email')},"
        f" c.{quote('name')} AS {quote('_cle_name')}"
        f" FROM (SELECT m.*, {counts} FROM ({inner}) m ORDER BY {order('m')}"
        f" LIMIT %s OFFSET %s) k"
        f" LEFT JOIN {user_table} u ON u.{quote(User._meta.pk.column)} = k.{quote('counsellor_id')}"
        f" LEFT JOIN {cle_table} c ON c.{quote(Organisation._meta.pk.column)}"
        f" = k.{quote('referring_cle_id')}"
        f" ORDER BY {order('k')}"
    )
    tail = [status] if status else []
    counsellor_field = model._meta.get_field("counsellor")
    cle_field = model._meta.get_field("referring_cle")

    def read(offset: int) -> list[Participant]:
        found = list(
            model.objects.raw(
                sql,
                [*statuses, *params, *tail, PAGE_SIZE, offset, *tail],
                using=base.db,
            )
        )
        # The related rows, as `select_related` would have set them; one instance for the
        # rows sharing a counsellor or a CLE (the page only prints them).
        counsellors: dict[int, User] = {}
        cles: dict[int, Organisation] = {}
        for p in found:
            counsellor = None
            if p.counsellor_id is not None:
                counsellor = counsellors.get(p.counsellor_id)
                if counsellor is None:
                    counsellor = counsellors[p.counsellor_id] = _partial(
                        User,
                        base.db,
                        {
                            "id": p.counsellor_id,
                            "email": p._counsellor_email,
                            "full_name": p._counsellor_name,
                        },
                    )
            counsellor_field.set_cached_value(p, counsellor)
            cle = None
            if p.referring_cle_id is not None:
                cle = cles.get(p.referring_cle_id)
                if cle is None:
                    cle = cles[p.referring_cle_id] = _partial(
                        Organisation, base.db, {"id": p.referring_cle_id, "name": p._cle_name}
                    )
            cle_field.set_cached_value(p, cle)
        return found

    return read


def _partial(model: type[Any], db: str, values: dict[str, Any]) -> Any:
    """An instance loaded with only these fields (the others deferred), as `only()` makes."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def _broad(
    base: QuerySet[Participant], filters: CaseloadFilters, ordering: tuple, status: str
) -> Caseload:
    """A search matching more than COUNT_CAP files: capped counts, then the page as listed."""
    cap = COUNT_CAP
    counts = capped_status_counts(base, cap)
    capped = frozenset(value for value, n in counts.items() if n > cap)
    counts = {value: min(n, cap) for value, n in counts.items()}
    total = counts[status] if status else sum(counts.values())
    total_capped = status in capped if status else bool(capped)
    rows = base.filter(status=status) if status else base
    paginator = _CountedPaginator(_shown(rows).order_by(*ordering), PAGE_SIZE, known_count=total)
    return Caseload(
        page=paginator.get_page(filters.page),
        total=total,
        status_counts=counts,
        filters=filters,
        capped=capped,
        total_capped=total_capped,
    )


def capped_status_counts(rows: QuerySet[Participant], cap: int) -> dict[str, int]:
    """Per status, how many of `rows` there are, counting at most cap + 1 of each.

    One query: `SELECT (SELECT COUNT(*) FROM (… LIMIT cap + 1)), …`, one subquery per
    status, each compiled by the ORM from the scoped queryset (so its parameters stay
    parameters) and stopping after cap + 1 rows.
    """
    parts: list[str] = []
    params: list[Any] = []
    for i, value in enumerate(Participant.Status.values):
        limited = rows.filter(status=value).order_by().values("pk")[: cap + 1]
        sql, sub_params = limited.query.get_compiler(using=rows.db).as_sql()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped_{i})")  # noqa: S608 (ORM-compiled)
        params.extend(sub_params)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 (ORM-compiled)
        found = cursor.fetchone()
    return dict(zip(Participant.Status.values, found, strict=True))


# What a caseload row shows (`_caseload_results.html`): building the whole file, its
# counsellor's and CLE's rows (with their every column) was a good part of the page's time.
ROW_FIELDS = (
    "organisation_id",
    "given_names",
    "family_name",
    "preferred_name",
    "email",
    "status",
    "opened_on",
    "counsellor__full_name",
    "counsellor__email",
    "referring_cle__name",
)

# The same as columns, for the search's one raw query: the file's own, with the keys of its
# counsellor and CLE (whose names that query joins).
ROW_COLUMNS = (
    "id",
    "counsellor_id",
    "referring_cle_id",
    *(name for name in ROW_FIELDS if "__" not in name),
)


def _shown(rows: QuerySet[Participant]) -> QuerySet[Participant]:
    """The rows with the columns the caseload shows and their joins, in one query."""
    return rows.select_related("counsellor", "referring_cle").only(*ROW_FIELDS)


class _CountedPaginator(Paginator):
    """Paginator that reuses the count already computed with the status counts."""

    def __init__(self, *args: Any, known_count: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._known_count = known_count

    @property
    def count(self) -> int:
        return self._known_count


def _page_number(value: Any) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def counsellor_choices(*, organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=[Role.COUNSELLOR, Role.ORG_ADMIN],
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def cle_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.CLE, is_active=True)


# The caseload's filter option lists (counsellors of the organisation, CLEs) live in the
# shared cache, one entry per organisation and language, deleted by the signals in
# `atout.participants.receivers` when a user, membership or organisation changes.
OPTIONS_TIMEOUT = 6 * 60 * 60


def _counsellors_key(organisation_id: int, language: str) -> str:
    return f"caseload-options:counsellors:{organisation_id}:{language}"


def _cles_key(language: str) -> str:
    return f"caseload-options:cles:{language}"


def caseload_filter_options(
    *,
    organisation: Organisation,
    with_counsellors: bool = True,
    also_read: dict[str, Any] | None = None,
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(counsellor choices, CLE choices) for the caseload's filters, from the shared cache.

    Rebuilding both lists took 3-4 ms of every caseload request; one cache read replaces
    the two queries. Names only (no personal data of participants). The keys of `also_read`
    are read in the same `get_many` and their values (None if absent) put into it, so a page
    needing other cached values pays one cache round trip.
    """
    language = get_language() or settings.LANGUAGE_CODE
    keys = [_cles_key(language)]
    if with_counsellors:
        keys.append(_counsellors_key(organisation.pk, language))
    cached = cache.get_many([*keys, *(also_read or {})])
    for key in also_read or {}:
        also_read[key] = cached.get(key)
    cles = cached.get(keys[0])
    if cles is None:
        cles = [(c.pk, str(c)) for c in cle_choices()]
        cache.set(keys[0], cles, OPTIONS_TIMEOUT)
    counsellors: list[tuple[int, str]] = []
    if with_counsellors:
        counsellors = cached.get(keys[1])
        if counsellors is None:
            counsellors = [(u.pk, str(u)) for u in counsellor_choices(organisation=organisation)]
            cache.set(keys[1], counsellors, OPTIONS_TIMEOUT)
    return counsellors, cles


def forget_filter_options(*, organisation_ids: list[int] | None = None, cles: bool = False) -> None:
    """Drop the cached option lists of these organisations (and the CLE list), every language."""
    keys = []
    for language, _name in settings.LANGUAGES:
        keys += [_counsellors_key(pk, language) for pk in organisation_ids or []]
        if cles:
            keys.append(_cles_key(language))
    if keys:
        cache.delete_many(keys)


def participant_for_user(*, user: User, pk: Any) -> Participant:
    """One visible file with what its page shows, or 404."""
    return Participant.objects.select_related(
        "organisation", "referring_cle", "counsellor", "user"
    ).get_visible_or_404(user, pk=pk)


def participant_of_user(*, user: User) -> Participant:
    """The participant's own file (a participant sees only that one)."""
    return participant_for_user(user=user, pk=getattr(user.participant_file, "pk", None))


def notes_for(*, user: User, participant: Participant) -> QuerySet[JournalNote]:
    return (
        JournalNote.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("author")
    )


def attachments_for(*, user: User, participant: Participant) -> QuerySet[Attachment]:
    return (
        Attachment.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("uploaded_by")
    )


def contact_values(participant: Participant) -> dict[str, str]:
    address = ", ".join(
        p
        for p in [
            participant.street_address,
            f"{participant.city} ({participant.province})"
            if participant.city and participant.province
            else participant.city,
            participant.postal_code,
        ]
        if p
    )
    return {
        ContactField.ADDRESS: address,
        ContactField.HOME_PHONE: participant.home_phone,
        ContactField.MOBILE_PHONE: participant.mobile_phone,
        ContactField.EMAIL: participant.email,
    }


@dataclass
class ContactRow:
    field: str
    label: str
    value: str
    consents: list[tuple[str, bool]]  # (audience label, granted)
    withheld: bool = False  # the viewer's audience has no consent for this detail


@dataclass(frozen=True)
class Disclosure:
    """What one audience may see of a file's contact details, and what it may not."""

    shown: dict[str, str]  # consented and filled in: field -> value
    withheld: frozenset[str]  # filled in, but this audience has no consent for it
    granted: frozenset[str]  # consented, filled in or not


def contact_disclosure(participant: Participant, audience: str) -> Disclosure:
    """The one consent filter: every page, document and export asks this, never the rows.

    Reads `participant.consents.all()` so a prefetch serves it without a query.
    """
    granted = frozenset(
        c.field for c in participant.consents.all() if c.audience == audience and c.granted
    )
    values = contact_values(participant)
    return Disclosure(
        shown={f: v for f, v in values.items() if v and f in granted},
        withheld=frozenset(f for f, v in values.items() if v and f not in granted),
        granted=granted,
    )


def contact_rows(participant: Participant, *, audience: str | None = None) -> list[ContactRow]:
    """Contact details with the audiences that may see each one, ready for display.

    With an `audience` (a CLE agent reading the file), values without that audience's
    consent are withheld; the file's own organisation and the person see everything.
    """
    decided = {(c.field, c.audience): c.granted for c in participant.consents.all()}
    disclosure = contact_disclosure(participant, audience) if audience is not None else None
    values = contact_values(participant)
    rows = []
    for f in ContactField:
        withheld = disclosure is not None and f.value not in disclosure.granted
        rows.append(
            ContactRow(
                field=f.value,
                label=str(f.label),
                value="" if withheld else values[f.value],
                consents=[(str(a.label), decided.get((f.value, a.value), False)) for a in Audience],
                withheld=withheld,
            )
        )
    return rows


def participant_for_operator(*, pk: int | None, email: str | None) -> Participant:
    """The file an operator names on the command line (id, or e-mail of the file or login).

    Commands run with the server's rights, outside any user's scope. Raises LookupError with
    a sentence for the operator.
    """
    if pk is not None:
        participant = Participant.objects.filter(pk=pk).first()
        if participant is None:
            raise LookupError(f"No participant file with id {pk}.")
        return participant
    matches = list(
        Participant.objects.filter(Q(email__iexact=email) | Q(user__email__iexact=email))
        .distinct()
        .order_by("pk")[:2]
    )
    if not matches:
        raise LookupError(f"No participant file with the e-mail {email}.")
    if len(matches) > 1:
        raise LookupError(
            f"Several participant files use the e-mail {email}; give the file id instead."
        )
    return matches[0]


@dataclass(frozen=True)
class DocumentGroup:
    key: str
    label: str
    summaries: list
    start_url: str | None


def documents_area(*, user: Any, participant: Participant) -> list[DocumentGroup]:
    """The file's documents, kind by kind (passport, cards, letters, CV, portfolio).

    The kinds come from the registry their apps fill at start-up; each app reads its own
    documents through its own scoped selectors.
    """
    return [
        DocumentGroup(
            key=kind.key,
            label=str(kind.label),
            summaries=kind.summaries(user, participant),
            start_url=kind.start_url(participant) if kind.start_url else None,
        )
        for kind in document_kinds()
    ]


# --- Possible duplicates (issue 11) ---------------------------------------------------------

# What separates the parts of a name: ignored, like the spacing and the case.
NAME_SEPARATORS = " -'’‘.‐‑–"


def name_key(text: str) -> str:
    """A name as the duplicate check compares it: no case, accents, hyphens, apostrophes or
    spacing ("Jean-François O’Neil" and "jean francois oneil" are the same)."""
    return "".join(c for c in search_key(text) if c not in NAME_SEPARATORS and not c.isspace())


def _without_separators(field: str) -> Any:
    """`field` with the separators removed, computed by the database (a shallow expression:
    SQLite refuses deeply nested ones)."""
    expression: Any = F(field)
    for separator in NAME_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def phone_digits(value: str) -> str:
    """The 10 digits of a North American number (an extension and a leading 1 dropped)."""
    main = (value or "").split(" x")[0]
    for mark in ("x", "#", "poste", "ext"):
        main = main.split(mark)[0]
    digits = "".join(c for c in main if c.isascii() and c.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if len(digits) == 10 else ""


@dataclass(frozen=True)
class DuplicateKeys:
    """What a person typed, as the duplicate check compares it."""

    given: str
    family: str
    birth_date: Any
    email: str
    phone: str

    @classmethod
    def of(
        cls,
        *,
        given_names: str,
        family_name: str,
        birth_date: Any = None,
        email: str = "",
        phone: str = "",
    ) -> DuplicateKeys:
        return cls(
            given=name_key(given_names),
            family=name_key(family_name),
            birth_date=birth_date or None,
            email=(email or "").strip().casefold(),
            phone=phone_digits(phone),
        )

    def contact_condition(self, phone_fields: tuple[str, ...]) -> Q:
        """Rows sharing the birth date, e-mail or phone (names are compared in Python)."""
        condition = Q(pk__in=[])
        if self.birth_date and self.family:
            condition |= Q(birth_date=self.birth_date)
        if self.email:
            condition |= Q(email__iexact=self.email)
        if self.phone:
            for name in phone_fields:
                condition |= Q(**{name: self.phone}) | Q(
                    **{f"{name}__startswith": f"{self.phone} x"}
                )
        return condition

    def matches(self, row: Any, phone_fields: tuple[str, ...]) -> bool:
        family = name_key(row.family_name)
        if (
            self.given
            and self.family
            and (name_key(row.given_names), family)
            == (
                self.given,
                self.family,
            )
        ):
            return True
        same_birth = bool(self.birth_date) and row.birth_date == self.birth_date
        if same_birth and self.family and family == self.family:
            return True
        if self.email and (row.email or "").casefold() == self.email:
            return True
        return bool(self.phone) and any(
            phone_digits(getattr(row, name) or "") == self.phone for name in phone_fields
        )


PARTICIPANT_PHONES = ("home_phone", "mobile_phone")


def possible_duplicates(
    user: Any,
    *,
    given_names: str,
    family_name: str,
    birth_date: Any = None,
    email: str = "",
    phone: str = "",
    exclude_pk: int | None = None,
) -> list[Participant]:
    """Files the user may see that could be this person: the same name (ignoring case,
    accents, hyphens, apostrophes and spacing), or the same birth date and family name, or
    the same e-mail, or the same phone. Shown before a file is created, never silently.

    The database narrows the files with the accent-free search key (separators removed),
    then each candidate is compared in Python with `name_key`.
    """
    keys = DuplicateKeys.of(
        given_names=given_names,
        family_name=family_name,
        birth_date=birth_date,
        email=email,
        phone=phone,
    )
    condition = keys.contact_condition(PARTICIPANT_PHONES)
    rows = Participant.objects.visible_to(user)
    if keys.given and keys.family:
        rows = rows.annotate(_compact=_without_separators("search_text"))
        condition |= Q(_compact__contains=keys.family) & Q(_compact__contains=keys.given)
    rows = rows.filter(condition)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    candidates = rows.select_related("organisation", "referring_cle").order_by("pk")[:200]
    return [p for p in candidates if keys.matches(p, PARTICIPANT_PHONES)][:20]
