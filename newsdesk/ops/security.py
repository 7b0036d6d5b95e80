"""Security settings, imported into settings.py: one place an operator reads them all.

Argon2 hashing, django-axes login throttling, the Content-Security-Policy (no inline
script anywhere) and the HTTPS-dependent headers.
"""

from __future__ import annotations

from datetime import timedelta

from csp.constants import NONE, SELF

from newsdesk import conf

# Argon2 first: new and changed passwords use it; older hashes still verify and are
# upgraded on the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes checks every authentication attempt before the model backend does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_server = conf.options().server
AXES_FAILURE_LIMIT: int = _server.login_failure_limit
_cooloff: int = _server.login_cooloff_minutes
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff) if _cooloff > 0 else None
# Lock the pair (user name, address): an attacker cannot lock every editor out from one
# address, nor guess one editor's password from many.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# No inline script and no inline style anywhere; nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

HTTPS: bool = _server.https
if HTTPS:
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = True
    # The TLS proxy in front says the request was https; only trusted when HTTPS is on.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
