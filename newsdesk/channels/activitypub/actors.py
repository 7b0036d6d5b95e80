"""Which actors the site has and what their documents say.

The site actor (``@news@host``, its name from NEWSDESK_AP_USERNAME) carries every article;
a section named in NEWSDESK_AP_SECTIONS gets an actor of its own (``@<slug>@host``)
carrying that section's. Every address is absolute and built from NEWSDESK_SITE_URL, the
one public address of the site: a fediverse server stores ids for good, so they never
come from the Host a request happened to use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from django.templatetags.static import static
from django.urls import reverse

from newsdesk import conf
from newsdesk.articles.models import Article, Section
from newsdesk.channels.activitypub import keys

AS_CONTEXT: Final = "https://www.w3.org/ns/activitystreams"
SECURITY_CONTEXT: Final = "https://w3id.org/security/v1"
PUBLIC: Final = "https://www.w3.org/ns/activitystreams#Public"


@dataclass(frozen=True)
class Actor:
    name: str  # the preferredUsername, also the path segment
    title: str  # shown as the display name
    section_id: int | None  # None: the site actor, carrying every article
    page: str  # site-relative address of its HTML page

    @property
    def id(self) -> str:
        return absolute(reverse("activitypub:actor", args=[self.name]))

    @property
    def key_id(self) -> str:
        return f"{self.id}#main-key"

    @property
    def inbox(self) -> str:
        return absolute(reverse("activitypub:inbox", args=[self.name]))

    @property
    def outbox(self) -> str:
        return absolute(reverse("activitypub:outbox", args=[self.name]))

    @property
    def followers(self) -> str:
        return absolute(reverse("activitypub:followers", args=[self.name]))

    def object_id(self, article_id: int) -> str:
        return absolute(reverse("activitypub:article", args=[self.name, article_id]))

    def carries(self, article: Article) -> bool:
        return self.section_id is None or article.section_id == self.section_id


def absolute(path: str) -> str:
    return f"{conf.options().site.url}{path}"


def host() -> str:
    """The site's host as accounts name it: with the port when it is not the scheme's."""
    parts = urlsplit(conf.options().site.url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    hostname = (parts.hostname or "localhost").lower()
    if ":" in hostname:  # an IPv6 literal keeps its brackets
        hostname = f"[{hostname}]"
    return hostname if parts.port in (None, default) else f"{hostname}:{parts.port}"


def acct(actor: Actor) -> str:
    return f"acct:{actor.name}@{host()}"


def enabled() -> bool:
    return conf.options().activitypub.enabled


def site_actor() -> Actor:
    return Actor(name=conf.options().activitypub.username, title=conf.options().site.name,
                 section_id=None, page=reverse("web:index"))


def _section_actor(section: Section) -> Actor:
    return Actor(name=section.slug, title=f"{conf.options().site.name}: {section.name}",
                 section_id=section.pk, page=section.get_absolute_url())


def section_actors() -> list[Actor]:
    """Actors of the sections named in NEWSDESK_AP_SECTIONS (``*``: all). A section whose
    slug is the site actor's name gets none: the site actor keeps the name."""
    wanted = conf.options().activitypub.sections
    if not wanted:
        return []
    sections = Section.objects.order_by("slug")
    if "*" not in wanted:
        sections = sections.filter(slug__in=wanted)
    username = conf.options().activitypub.username
    return [_section_actor(s) for s in sections if s.slug != username]


def all_actors() -> list[Actor]:
    return [site_actor(), *section_actors()]


def named(name: str) -> Actor | None:
    """The actor of that name, if the options give the site one."""
    if not enabled():
        return None
    if name == conf.options().activitypub.username:
        return site_actor()
    return next((actor for actor in section_actors() if actor.name == name), None)


def by_id(uri: str) -> Actor | None:
    """The actor whose id ``uri`` is (an activity's ``object`` naming one of ours)."""
    return next((actor for actor in all_actors() if actor.id == uri), None) if enabled() else None


def carrying(article: Article) -> list[Actor]:
    return [actor for actor in all_actors() if actor.carries(article)]


def icon_url() -> str:
    configured = conf.options().activitypub.icon_url
    if configured:
        return configured
    return absolute(static("web/favicon.svg"))


def document(actor: Actor) -> dict[str, Any]:
    """The actor as a fediverse server reads it: an automated ``Service`` (Mastodon marks
    it as such), with its inbox, outbox, followers and the public half of its key."""
    options = conf.options()
    summary = options.activitypub.summary or (
        f"News from {actor.title}, posted here as each article is published."
    )
    icon: dict[str, str] = {"type": "Image", "url": icon_url()}
    if icon["url"].endswith(".svg"):
        icon["mediaType"] = "image/svg+xml"
    return {
        "@context": [AS_CONTEXT, SECURITY_CONTEXT],
        "id": actor.id,
        "type": "Service",
        "preferredUsername": actor.name,
        "name": actor.title,
        "summary": summary,
        "url": absolute(actor.page),
        "icon": icon,
        "inbox": actor.inbox,
        "outbox": actor.outbox,
        "followers": actor.followers,
        "endpoints": {"sharedInbox": absolute(reverse("activitypub:shared-inbox"))},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {
            "id": actor.key_id,
            "owner": actor.id,
            "publicKeyPem": keys.public_pem(actor.name),
        },
    }
