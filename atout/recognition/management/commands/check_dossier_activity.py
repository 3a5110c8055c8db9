"""Daily: ask about idle recognition dossiers, lapse those left unanswered."""

from django.core.management.base import BaseCommand

from atout.recognition.services import check_dossier_activity


class Command(BaseCommand):
    help = "Ask about idle recognition dossiers and lapse those left unanswered."

    def handle(self, *args, **options):
        asked, lapsed = check_dossier_activity()
        self.stdout.write(f"asked={asked} lapsed={lapsed}")
