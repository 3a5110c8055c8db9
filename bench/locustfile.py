"""Locust scenario: mixed counsellor, participant and CLE traffic, as in a working day.

Started by bench/locust_load.py (`make load`, `make soak`), which prepares the database, the
accounts and the fixture file, starts gunicorn and the task worker, then runs locust headless
against them. Run alone it needs the same two environment variables:

- ATOUT_LOCUST_FIXTURE: the JSON file bench/locust_load.py wrote (accounts, files, indicators);
- ATOUT_LOCUST_LOG (optional): a CSV file where every request is appended as
  `start,name,milliseconds,failed` so the driver can cut the run into time windows.

Every non-2xx/3xx answer (and no answer at all) is a failure: the accounts are chosen so no
request is expected to be refused (each counsellor edits their own file's passport).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

PASSWORD = "Atout-demo-2026"  # noqa: S105 - the demo accounts' documented password
VERSION = re.compile(r'name="version" value="(\d+)"')

with open(os.environ["ATOUT_LOCUST_FIXTURE"], encoding="utf-8") as _handle:
    FIXTURE = json.load(_handle)
_COUNSELLORS = itertools.cycle(FIXTURE["counsellors"])
_PARTICIPANTS = itertools.cycle(FIXTURE["participants"])
_LOG = None
_ERRORS = None


@events.init.add_listener
def _open_log(environment, **_kwargs) -> None:
    global _LOG, _ERRORS
    path = os.environ.get("ATOUT_LOCUST_LOG")
    if path:
        _LOG = open(path, "a", encoding="utf-8", buffering=1 << 16)  # noqa: SIM115
        _ERRORS = open(f"{path}.errors", "a", encoding="utf-8")  # noqa: SIM115


@events.request.add_listener
def _log_request(name, response_time, exception, start_time=None, **_kwargs) -> None:
    if _LOG is not None:
        _LOG.write(f"{start_time:.3f},{name},{response_time:.1f},{int(exception is not None)}\n")
    if exception is not None and _ERRORS is not None:
        # What went wrong, for the report: the status or the client-side exception.
        _ERRORS.write(f"{name}: {exception!r}"[:300].replace("\n", " ") + "\n")
        _ERRORS.flush()


@events.quitting.add_listener
def _close_log(environment, **_kwargs) -> None:
    if _LOG is not None:
        _LOG.flush()


class AtoutUser(HttpUser):
    """One browser: its own cookies and CSRF token; French, like most of the province."""

    abstract = True
    wait_time = between(0.05, 0.3)
    email = ""

    def on_start(self) -> None:
        self.rng = random.Random()  # noqa: S311 - load pattern, not security
        self.client.headers["Accept-Language"] = "fr-CA"
        self.get("login page", "/compte/connexion/")
        self.post("login", "/compte/connexion/", {"username": self.email, "password": PASSWORD})

    def get(self, name: str, path: str, htmx: bool = False):
        headers = {"HX-Request": "true"} if htmx else {}
        return self._send("GET", name, path, None, headers)

    def post(self, name: str, path: str, data: dict, htmx: bool = False):
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        if htmx:
            headers["HX-Request"] = "true"
        return self._send("POST", name, path, data, headers)

    def _send(self, method: str, name: str, path: str, data, headers):
        with self.client.request(
            method,
            path,
            data=data,
            headers=headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if not response.status_code or response.status_code >= 400:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()
            return response


class Counsellor(AtoutUser):
    """Reads the caseload and files, searches, writes notes, autosaves a passport."""

    weight = 8

    def on_start(self) -> None:
        spec = next(_COUNSELLORS)
        self.email = spec["email"]
        self.spec = spec
        self.version = None
        self.n = 0
        super().on_start()

    @task(12)
    def caseload_home(self) -> None:
        self.get("caseload: my files", "/dossiers/")

    @task(6)
    def caseload_organisation(self) -> None:
        self.get("caseload: organisation", "/dossiers/?scope=organisation")

    @task(8)
    def caseload_search(self) -> None:
        name = self.rng.choice(FIXTURE["search_terms"])
        self.get("caseload: search", f"/dossiers/?scope=organisation&q={name}&status=active")

    @task(12)
    def file_read(self) -> None:
        pk = self.rng.choice([self.spec["participant"], *FIXTURE["files"]])
        self.get("file page", f"/dossiers/{pk}/")

    @task(5)
    def journal_note(self) -> None:
        self.n += 1
        text = f"Rencontre de suivi {self.n} : démarches de la semaine, CV révisé."
        self.post("journal note", f"/dossiers/{self.spec['participant']}/journal/", {"text": text})

    @task(8)
    def passport_autosave(self) -> None:
        step = f"/passeport/dossiers/{self.spec['participant']}/etape/competences-de-base/"
        if self.version is None:
            match = VERSION.search(self.get("passport step page", step).text)
            self.version = match.group(1) if match else ""
            return
        self.n += 1
        langs = self.spec["passport_languages"]
        data = {"version": self.version}
        for lang in ["fr", "en"] if langs == "both" else [langs]:
            data |= {
                f"languages_{lang}": f"Français, anglais ({self.n})",
                f"software_{lang}": f"Suite bureautique, logiciel de caisse ({self.n})",
                f"equipment_{lang}": f"Transpalette, chariot élévateur ({self.n})",
            }
        response = self.post("passport autosave", step, data, htmx=True)
        match = VERSION.search(response.text or "")
        self.version = match.group(1) if response.status_code == 200 and match else None

    @task(4)
    def self_evaluation(self) -> None:
        answer = {f"indicator-{self.rng.choice(FIXTURE['indicators'])}": self.rng.randint(1, 4)}
        path = f"/competences/autoevaluations/{self.spec['evaluation']}/reponse/"
        self.post("self-evaluation autosave", path, answer, htmx=True)

    @task(1)
    def in_person_approval(self) -> None:
        # Freezes a version: the worker renders its PDFs while the others keep working.
        path = f"/passeport/dossiers/{self.spec['participant']}/approbation-en-personne/"
        self.post("in-person approval", path, {})
        self.version = None


class Participant(AtoutUser):
    """Answers their self-evaluation (autosaved answer by answer) and opens their file."""

    weight = 5

    def on_start(self) -> None:
        spec = next(_PARTICIPANTS)
        self.email = spec["email"]
        self.spec = spec
        super().on_start()

    @task(10)
    def answer(self) -> None:
        answer = {f"indicator-{self.rng.choice(FIXTURE['indicators'])}": self.rng.randint(0, 4)}
        path = f"/competences/autoevaluations/{self.spec['evaluation']}/reponse/"
        self.post("self-evaluation autosave", path, answer, htmx=True)

    @task(3)
    def page(self) -> None:
        step = self.rng.randint(1, 3)
        path = f"/competences/autoevaluations/{self.spec['evaluation']}/etape/{step}/"
        self.get("self-evaluation page", path)

    @task(2)
    def own_file(self) -> None:
        self.get("own file", "/dossiers/mon-dossier/")


class CleAgent(AtoutUser):
    """The CLE agent: the files referred to the CLE, their pages, the dashboard."""

    weight = 3

    def on_start(self) -> None:
        self.email = FIXTURE["cle"]["email"]
        super().on_start()

    @task(6)
    def referred(self) -> None:
        self.get("CLE: referred files", "/dossiers/references/")

    @task(4)
    def referred_file(self) -> None:
        self.get("CLE: referred file", f"/dossiers/{self.rng.choice(FIXTURE['cle']['files'])}/")

    @task(2)
    def dashboard(self) -> None:
        self.get("CLE: dashboard", "/tableaux/cle/")
