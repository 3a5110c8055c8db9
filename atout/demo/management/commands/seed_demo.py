"""Demo data: a contract other tools rely on (accounts, organisations, 30 files).

Idempotent: a second run finds everything by natural key and only resets passwords.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from atout.accounts.models import Membership, Organisation, User
from atout.competencies import selectors
from atout.competencies import services as competency_services
from atout.competencies.models import Competency, Indicator, WorkforceProfile
from atout.demo.data import (
    ACCOUNTS,
    DEFAULT_PASSWORD,
    DEMO_EVIDENCE,
    DEMO_LETTERS,
    DEMO_PASSPORTS,
    DEMO_PORTFOLIOS,
    DEMO_SELF_RATINGS,
    DEMO_SHARE_LINKS,
    ORGANISATIONS,
    PARTICIPANTS,
)
from atout.evidence.models import (
    Certificate,
    Education,
    Experience,
    PersonalProfile,
    Reference,
    Review,
)
from atout.letters import selectors as letter_selectors
from atout.letters import services as letter_services
from atout.letters.models import CoverLetter
from atout.participants.models import Audience, ContactConsent, ContactField, Participant
from atout.participants.services import consent_set
from atout.passports import services as passport_services
from atout.passports.models import Passport
from atout.portfolios import services as portfolio_services
from atout.portfolios.models import Portfolio


class Command(BaseCommand):
    help = "Create or refresh the demonstration organisations, accounts and participant files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="Password for every account"
        )

    @transaction.atomic
    def handle(self, *args, password: str, **options):
        orgs = {key: self._organisation(spec) for key, spec in ORGANISATIONS.items()}
        users = {}
        for spec in ACCOUNTS:
            users[spec["email"]] = self._user(spec, password, orgs)
        created = 0
        for index, spec in enumerate(PARTICIPANTS):
            created += self._participant(index, spec, orgs, users)
        call_command("load_reference_data", stdout=self.stdout)
        self._competencies(users)
        self._territories_and_measures(orgs, users)
        self._passports(users)
        self._evidence(users)
        self._letters()
        self._portfolios()
        self._practice()
        self._share_links()
        self._referral_loop(orgs, users)
        from atout.demo.recognition import seed_recognition

        seed_recognition(orgs, users)
        from atout.demo.privacy import seed_privacy

        seed_privacy(orgs, users)
        from atout.demo.rectifications import seed_rectifications

        seed_rectifications(users)
        self._print_accounts(password, created)

    def _territories_and_measures(self, orgs: dict, users: dict) -> None:
        """The demo CLEs' FSAs, and the measures the CLE recorded (before the passports are
        approved, so Émilie's prints hers)."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from atout.demo.data import DEMO_FSA_AREAS, DEMO_MEASURES
        from atout.measures import services as measure_services
        from atout.measures.models import EmployerMeasure
        from atout.territories.models import FsaArea

        for key, areas in DEMO_FSA_AREAS.items():
            for fsa in areas:
                FsaArea.objects.get_or_create(fsa=fsa, defaults={"cle": orgs[key]})
        agent = users["agent.cle@atout.test"]
        for spec in DEMO_MEASURES:
            participant = Participant.objects.exclude(organisation__kind="qualifications").get(
                given_names=spec["given"], family_name=spec["family"]
            )
            if EmployerMeasure.objects.filter(participant=participant).exists():
                continue
            letter = SimpleUploadedFile("lettre-admissibilite.pdf", _demo_letter(spec["letter"]))
            measure_services.measure_record(
                participant=participant,
                actor=agent,
                kind=spec["kind"],
                start=date.fromisoformat(spec["start"]),
                end=date.fromisoformat(spec["end"]),
                conditions=spec["conditions"],
                letter=letter,
            )

    def _passports(self, users: dict) -> None:
        """A complete, approved passport for Émilie, and drafts at various stages."""
        counsellors = {
            "org1": users["conseillere@atout.test"],
            "org2": users["conseiller@autre.atout.test"],
        }
        for spec in DEMO_PASSPORTS:
            participant = Participant.objects.exclude(organisation__kind="qualifications").get(
                given_names=spec["given"], family_name=spec["family"]
            )
            if Passport.objects.filter(participant=participant).exists():
                continue
            actor = counsellors[spec["org"]]
            consent_set(
                participant=participant,
                actor=actor,
                decisions={(f, Audience.EMPLOYER): True for f in spec.get("consent", [])},
            )
            passport = passport_services.passport_start(participant=participant, actor=actor)
            profile = WorkforceProfile.objects.filter(noc_code=spec.get("noc", "")).first()
            passport = passport_services.passport_update(
                passport=passport,
                actor=actor,
                data={**spec["fields"], "workforce_profile": profile},
                expected_version=None,
            )
            for item in spec.get("competencies", []):
                competency = Competency.objects.filter(code=item.get("code", "")).first()
                kc = passport_services.key_competency_add(
                    passport=passport,
                    actor=actor,
                    competency=competency,
                    title_fr=item.get("title_fr", ""),
                )
                passport_services.key_competency_update(
                    key_competency=kc, actor=actor, data={"link_fr": item.get("link_fr", "")}
                )
                for story in item.get("evidence", []):
                    # The demo stories are written in French only.
                    texts = {f"{part}_fr": text for part, text in story.items()}
                    passport_services.evidence_write(key_competency=kc, actor=actor, texts=texts)
            if spec.get("status") == "approved":
                passport_services.passport_approve(passport=passport, actor=actor, in_person=True)
            elif spec.get("status") == "ready":
                passport_services.passport_submit(passport=passport, actor=actor)

    def _evidence(self, users: dict) -> None:
        """Work history, education, certificates, interests and a reference for the CV."""
        for spec in DEMO_EVIDENCE:
            participant = Participant.objects.exclude(organisation__kind="qualifications").get(
                given_names=spec["given"], family_name=spec["family"]
            )
            if Education.objects.filter(participant=participant).exists():
                continue
            actor = participant.counsellor
            for item in spec.get("experiences", []):
                _saved(Experience(participant=participant, created_by=actor, **_dates(item)))
            if proposed := spec.get("proposed_experience"):
                _saved(
                    Experience(
                        participant=participant,
                        created_by=participant.user,
                        proposed_by=participant.user,
                        review=Review.PROPOSED,
                        **_dates(proposed),
                    )
                )
            for item in spec.get("education", []):
                _saved(Education(participant=participant, **item))
            for item in spec.get("certificates", []):
                _saved(Certificate(participant=participant, **_dates(item)))
            if profile := spec.get("profile"):
                _saved(PersonalProfile(participant=participant, **profile))
            for item in spec.get("references", []):
                _saved(Reference(participant=participant, **item))

    def _letters(self) -> None:
        """Cover letters whose body is the suggestion drafted from the passport."""
        for spec in DEMO_LETTERS:
            participant = Participant.objects.exclude(organisation__kind="qualifications").get(
                given_names=spec["given"], family_name=spec["family"]
            )
            if CoverLetter.objects.filter(participant=participant).exists():
                continue
            actor = participant.counsellor
            draft = CoverLetter(participant=participant, **spec["fields"])
            letter = letter_services.letter_create(
                participant=participant,
                actor=actor,
                data={**spec["fields"], "body": letter_selectors.suggestion_for(draft)},
            )
            if spec.get("approve"):
                letter_services.letter_approve(letter=letter, actor=actor, in_person=True)

    def _portfolios(self) -> None:
        """A portfolio selection: everything accepted, but what the person chose to leave out."""
        for spec in DEMO_PORTFOLIOS:
            participant = Participant.objects.exclude(organisation__kind="qualifications").get(
                given_names=spec["given"], family_name=spec["family"]
            )
            if Portfolio.objects.filter(participant=participant).exists():
                continue
            left_out = list(
                Experience.objects.filter(
                    participant=participant, title__in=spec["leave_out_experiences"]
                ).values_list("pk", flat=True)
            )
            portfolio_services.portfolio_update(
                participant=participant,
                actor=participant.counsellor,
                data={"cover_subtitle": spec["cover_subtitle"]},
                selection={"experience": left_out},
                expected_version=None,
            )

    def _practice(self) -> None:
        """Practice cards the person filled from their own login, one with a coaching note."""
        from atout.demo.data import DEMO_PRACTICE
        from atout.practice import selectors as practice_selectors
        from atout.practice import services as practice_services
        from atout.practice.models import PracticeCard

        for spec in DEMO_PRACTICE:
            participant = Participant.objects.exclude(organisation__kind="qualifications").get(
                given_names=spec["given"], family_name=spec["family"]
            )
            if (
                participant.user is None
                or PracticeCard.objects.filter(participant=participant).exists()
            ):
                continue
            for item in spec["cards"]:
                competency = Competency.objects.filter(code=item["code"]).first()
                if competency is None:
                    continue
                key = practice_selectors.competency_key(
                    {"fr": competency.name_fr, "en": competency.name_en}
                )
                card = practice_services.card_save(
                    participant=participant,
                    actor=participant.user,
                    key=key,
                    own_words=item.get("own_words", ""),
                    readiness=item.get("readiness", ""),
                    expected_version=None,
                )
                if item.get("coach_note"):
                    practice_services.coach_note_save(
                        participant=participant,
                        actor=participant.counsellor,
                        key=card.key,
                        note=item["coach_note"],
                        expected_version=None,
                    )

    def _share_links(self) -> None:
        """An employer link Émilie made from her own login, already opened twice."""
        from atout.sharing import services as sharing_services
        from atout.sharing.models import ShareLink, ShareLinkView

        for spec in DEMO_SHARE_LINKS:
            participant = Participant.objects.exclude(organisation__kind="qualifications").get(
                given_names=spec["given"], family_name=spec["family"]
            )
            if ShareLink.objects.filter(participant=participant).exists():
                continue
            actor = participant.user or participant.counsellor
            link, _token = sharing_services.share_link_create(
                participant=participant, actor=actor, label=spec["label"], days=spec["days"]
            )
            ShareLinkView.objects.bulk_create(
                ShareLinkView(link=link, agent=agent) for agent in spec["views"]
            )

    def _competencies(self, users: dict) -> None:
        """A finished self-evaluation and two languages for the participant with a login."""
        participant = Participant.objects.exclude(organisation__kind="qualifications").get(
            user__email="participant@atout.test"
        )
        counsellor = users["conseillere@atout.test"]
        framework = selectors.generic_framework()
        if not participant.self_evaluations.exists():
            evaluation = competency_services.evaluation_start(
                participant=participant, framework=framework, actor=counsellor
            )
            for indicator in Indicator.objects.filter(competency__framework=framework):
                value = DEMO_SELF_RATINGS.get(indicator.competency.family.code, 3)
                # Vary within a family so the profile is not flat.
                value = max(1, min(4, value - (indicator.position % 3 == 2)))
                competency_services.answer_save(
                    evaluation=evaluation, indicator=indicator, value=value, actor=counsellor
                )
            competency_services.evaluation_complete(evaluation=evaluation, actor=counsellor)
        if not participant.language_assessments.exists():
            competency_services.language_assessment_save(
                participant=participant,
                actor=counsellor,
                language="fr",
                data={"is_mother_tongue": True},
                expected_version=None,
            )
            competency_services.language_assessment_save(
                participant=participant,
                actor=counsellor,
                language="en",
                data={
                    "listening": "B1",
                    "reading": "B1",
                    "spoken_interaction": "A2",
                    "spoken_production": "A2",
                    "writing": "A2",
                },
                expected_version=None,
            )

    def _organisation(self, spec: dict) -> Organisation:
        org, _ = Organisation.objects.get_or_create(
            name=spec["name"], kind=spec["kind"], defaults=spec.get("address", {})
        )
        return org

    def _user(self, spec: dict, password: str, orgs: dict) -> User:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = User(email=spec["email"], full_name=spec["full_name"])
        user.is_superuser = user.is_staff = spec.get("superuser", False)
        user.set_password(password)
        user.save()
        for org_key, role in spec.get("memberships", []):
            Membership.objects.get_or_create(user=user, organisation=orgs[org_key], role=role)
        return user

    def _participant(self, index: int, spec: dict, orgs: dict, users: dict) -> int:
        organisation = orgs[spec["org"]]
        existing = Participant.objects.filter(
            organisation=organisation,
            given_names=spec["given"],
            family_name=spec["family"],
        ).first()
        if existing is not None:
            return 0
        opened = date(2026, 11, 20) - timedelta(days=7 * index + 3)
        participant = Participant(
            organisation=organisation,
            referring_cle=orgs["cle"] if spec.get("referred", True) else None,
            counsellor=users[spec["counsellor"]],
            given_names=spec["given"],
            family_name=spec["family"],
            preferred_name=spec.get("preferred", ""),
            pronouns=spec.get("pronouns", ""),
            preferred_language=spec.get("lang", "fr"),
            street_address=spec.get("street", ""),
            city=spec.get("city", "Québec"),
            postal_code=spec.get("postal", ""),
            home_phone=spec.get("home", ""),
            mobile_phone=spec.get("mobile", ""),
            email=spec.get("email", ""),
            objective=spec.get("objective", ""),
            status=spec.get("status", Participant.Status.ACTIVE),
            opened_on=opened,
            closed_on=opened + timedelta(days=60)
            if spec.get("status") == Participant.Status.CLOSED
            else None,
        )
        if spec.get("login"):
            participant.user = users[spec["login"]]
        participant.full_clean()
        participant.save()
        for field in ContactField.values:
            for audience in Audience.values:
                granted = field in spec.get("consent", ["email", "mobile_phone"]) and (
                    audience != Audience.COMMITTEE
                )
                if granted:
                    ContactConsent.objects.create(
                        participant=participant, field=field, audience=audience, granted=True
                    )
        return 1

    def _referral_loop(self, orgs: dict, users: dict) -> None:
        """Agreements and service requests in every state, with their participations."""
        from atout.dashboards.demo import seed_referral_loop
        from atout.demo.data import (
            DEMO_AGREEMENTS,
            DEMO_ORGANISATION_PARTICIPATIONS,
            DEMO_REQUESTS,
        )

        seed_referral_loop(
            orgs=orgs,
            agent=users["agent.cle@atout.test"],
            agreements=DEMO_AGREEMENTS,
            requests=DEMO_REQUESTS,
            organisation_participations=DEMO_ORGANISATION_PARTICIPATIONS,
        )

    def _print_accounts(self, password: str, created: int) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"Demo data ready ({created} new participant files)."))
        out.write("")
        width = max(len(a["email"]) for a in ACCOUNTS)
        out.write(f"  {'Account'.ljust(width)}  Role")
        out.write(f"  {'-' * width}  {'-' * 44}")
        for spec in ACCOUNTS:
            out.write(f"  {spec['email'].ljust(width)}  {spec['description']}")
        out.write("")
        out.write(f"  Password for every account: {password}")
        out.write("  Open http://127.0.0.1:8000 and log in with one of them.")


def _demo_letter(title: str) -> bytes:
    """A one-page PDF standing for the letter a CLE issues (the demo has no real one)."""
    import io

    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1275, 1650), "white")
    draw = ImageDraw.Draw(page)
    lines = [
        "Centre local d'emploi de Québec-Centre",
        "",
        title,
        "",
        "Document de démonstration : ceci n'est pas une vraie lettre.",
    ]
    for number, line in enumerate(lines):
        draw.text((120, 160 + 60 * number), line, fill="black", font_size=36)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=150)
    return out.getvalue()


def _dates(item: dict) -> dict:
    """The demo data writes dates as ISO strings."""
    return {
        key: date.fromisoformat(value) if key.endswith("_on") and value else value
        for key, value in item.items()
    }


def _saved(record):
    record.full_clean()
    record.save()
    return record
