from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResumesConfig(AppConfig):
    name = "atout.resumes"
    label = "resumes"
    verbose_name = _("CV")

    def ready(self) -> None:
        from atout.documents.kinds import DocumentKind, register
        from atout.participants.signals import consent_withdrawn
        from atout.resumes import documents

        consent_withdrawn.connect(_consent_withdrawn, dispatch_uid="resumes.consent_withdrawn")
        register(
            DocumentKind(
                key="cv",
                label=_("CV"),
                order=40,
                summaries=documents.summaries,
                start_url=documents.start_url,
                render=documents.render,
                formats=("pdf", "docx"),
                layouts=("chronological", "functional"),
            )
        )


def _consent_withdrawn(sender, *, participant, audience, fields, actor, **kwargs) -> None:
    from atout.resumes.services import cv_consent_withdrawn

    cv_consent_withdrawn(participant=participant, audience=audience, fields=fields, actor=actor)
