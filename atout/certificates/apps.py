from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "atout.certificates"
    verbose_name = _("Certificates and attestations")
    # Not registered in the file's Documents area yet (atout.documents.kinds): the area shows
    # every kind on every file, and an employability file would list « Certificates and
    # attestations — not started ». `selectors.credential_summaries` and
    # `selectors.render_for_registry` are ready for a DocumentKind(key="credential",
    # order=60) once the area can hide a kind that does not apply to a file.

    def ready(self) -> None:
        from atout.recognition.panels import register_panel

        register_panel("certificates/_dossier_panel.html")
