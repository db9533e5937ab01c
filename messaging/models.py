from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """An e-mail written in the transaction that decided to send it.

    It is sent after the commit; one that failed stays here with its error and
    is retried by the `send_queued_email` command.
    """

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    recipients = models.JSONField(_("destinataires"))
    subject = models.CharField(_("objet"), max_length=255)
    body = models.TextField(_("texte"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"
