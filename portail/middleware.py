from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Serve French unless the visitor picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a
    French public service shows French first and offers English on request.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivatePagesMiddleware:
    """Keep signed-in pages out of caches and restrict where content loads from.

    A family's data must not come back from the browser cache after logout on
    a shared computer. The Content-Security-Policy allows only this site's own
    scripts, styles and images, so injected markup cannot run code.
    """

    CONTENT_SECURITY_POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault(
                "Content-Security-Policy", self.CONTENT_SECURITY_POLICY
            )
        return response
