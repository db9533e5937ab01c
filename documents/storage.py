"""Private file storage for supporting documents.

Files live under settings.PRIVATE_STORAGE_ROOT, which no URL pattern of the
project serves (the web server must not serve it either, see README.md).
The only way to read them is a download view that checks the requesting
account.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """File system storage rooted at PRIVATE_STORAGE_ROOT, without URLs.

    The root is read from the settings at each access, so that tests can
    point it at a temporary folder.
    """

    def __init__(self):
        super().__init__(
            base_url=None,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        )

    @property
    def base_location(self):
        return str(settings.PRIVATE_STORAGE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private documents have no URL; use the download views.")


private_storage = PrivateStorage()
