from django.contrib.auth.backends import ModelBackend

from .models import User


class ScopedModelBackend(ModelBackend):
    """Loads the user with organisation, unit and roles in two queries per request."""

    def get_user(self, user_id):  # type: ignore[no-untyped-def]
        try:
            user = (
                User._default_manager.select_related("organisation__unit")
                .prefetch_related("roles")
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
