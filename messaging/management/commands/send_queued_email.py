from django.core.management.base import BaseCommand

from messaging.services import send_queued


class Command(BaseCommand):
    help = "Send the queued e-mails that failed; run it every few minutes (cron)."

    def handle(self, *args, **options):
        sent, failed = send_queued()
        self.stdout.write(f"{sent} e-mail(s) sent, {failed} still failing.")
