"""Language choice: Vietnamese unless the user picked another language.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language header, and many
officials use browsers set to English, so the portal would greet them in English.
The portal is Vietnamese by default (DOMAIN.md); English is an explicit choice made
with the language selector, which sets the language cookie.
"""

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware


class DefaultLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        # The response no longer depends on Accept-Language, only on the cookie.
        if response.has_header("Vary"):
            vary = [v.strip() for v in response["Vary"].split(",")]
            response["Vary"] = ", ".join(v for v in vary if v.lower() != "accept-language")
            if not response["Vary"]:
                del response["Vary"]
        return response


__all__: list[str] = ["DefaultLanguageMiddleware"]
