from django.conf import settings


def portal(request):
    return {
        "portal_name": settings.PORTAL_NAME,
        "service_name": settings.PORTAL_SERVICE_NAME,
        "service_email": settings.PORTAL_SERVICE_EMAIL,
        "service_phone": settings.PORTAL_SERVICE_PHONE,
    }
