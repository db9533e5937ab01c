from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class CappedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Write at most DOCUMENT_MAX_UPLOAD_SIZE + 1 bytes of each file to disk.

    The rest of the file is read and dropped instead of rejecting the
    request, so that the form still shows its own size error. The file's
    `size` is the full size that was sent.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        allowed = settings.DOCUMENT_MAX_UPLOAD_SIZE + 1 - self.received
        self.received += len(raw_data)
        if allowed > 0:
            self.file.write(raw_data[:allowed])
