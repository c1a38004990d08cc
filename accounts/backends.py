from typing import Any

from django.contrib.auth.backends import ModelBackend

from core import cachegen

from .models import User

USER_TIMEOUT = 5 * 60


class ScopedModelBackend(ModelBackend):
    """Loads the user with organisation, unit and roles; cached until accounts change.

    Every request needs the user, its roles and its scope unit (two queries). They are
    cached under the generations of ``accounts`` and ``orgunits`` (``core.cachegen``): a
    role granted or removed, a deactivation, a password change or a unit moved makes the
    cached user stale at once, in every worker.
    """

    def get_user(self, user_id: Any) -> User | None:
        key = f"auth:user:{user_id}"
        gens, user = cachegen.read_current(key, ("accounts", "orgunits"))
        if user is None:
            user = self._load(user_id)
            if user is None:
                return None
            cachegen.write_current(key, gens, user, USER_TIMEOUT)
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def _load(user_id: Any) -> User | None:
        try:
            user = (
                User._default_manager.select_related("organisation__unit")
                .prefetch_related("roles")
                .get(pk=user_id)
            )
        except (User.DoesNotExist, ValueError, TypeError):
            return None
        # Fill the cached properties now, so the cached copy answers without a query.
        user.role_codes  # noqa: B018
        user.scope_unit  # noqa: B018
        return user
