"""The subscriber's pages: subscribe, confirm, unsubscribe; and the briefing as a web page.

Confirm and unsubscribe links open a page with one button rather than acting on GET: mail
scanners fetch every link in a message, and must neither subscribe nor unsubscribe anyone.
The unsubscribe POST is the RFC 8058 one-click endpoint too, so it needs no cookie or
CSRF token: the signed token in its URL is the proof.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsdesk import conf
from newsdesk.articles.models import Article, Section
from newsdesk.channels.briefing import content, subscriptions
from newsdesk.channels.briefing.origin import From, post_came_from
from newsdesk.channels.briefing.tasks import enqueue_confirmation


def _sections() -> list[Section]:
    """Sections with something public in them, as the site's navigation lists them."""
    return list(Section.objects.filter(articles__in=Article.objects.published()).distinct()
                .only("name", "slug"))


def _page(request: HttpRequest, template: str, status: int = 200, **values: Any
          ) -> HttpResponse:
    sections = _sections()
    context = {"site_name": conf.options().site.name, "nav_sections": sections,
               "noindex": True, **values}
    return render(request, template, context, status=status)


def _chosen(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("sections") if v.isdigit()][:100]


@csrf_exempt  # checked in post_came_from: the footer form on shared pages has no token
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, "briefing/subscribe.html", form={"email": "", "sections": []})
    email, chosen = request.POST.get("email", "")[:300], _chosen(request)
    entered: dict[str, Any] = {"email": email, "sections": chosen}
    came_from = post_came_from(request)
    if came_from is From.ELSEWHERE:
        return _page(request, "briefing/subscribe.html", status=403, form=entered,
                     error="This form was sent from another site, so nothing was done. "
                           "Check the address and press Subscribe here if you want the "
                           "briefing.")
    if came_from is From.UNKNOWN:
        return _page(request, "briefing/subscribe.html", form=entered, again=True)
    try:
        asked = subscriptions.request_subscription(email, chosen,
                                                   enqueue_confirmation)
    except subscriptions.BadAddress as exc:
        return _page(request, "briefing/subscribe.html", status=400, form=entered,
                     error=str(exc))
    if asked is subscriptions.Asked.BUSY:
        return _page(request, "briefing/subscribe.html", status=429, form=entered,
                     error="Too many people are signing up right now. Nothing was lost: "
                           "press Subscribe again in an hour.")
    return _page(request, "briefing/check_inbox.html", email=email.strip(),
                 hours=conf.options().briefing.confirm_hours,
                 resend_hours=conf.options().briefing.resend_hours)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        pending = subscriptions.pending_by_token(token)
        if pending is None:
            return _page(request, "briefing/link_invalid.html", status=404, kind="confirmation")
        return _page(request, "briefing/confirm.html", subscriber=pending,
                     sections=Section.objects.filter(pk__in=pending.requested_sections))
    subscriber = subscriptions.confirm(token)
    if subscriber is None:
        return _page(request, "briefing/link_invalid.html", status=404, kind="confirmation")
    return _page(request, "briefing/confirmed.html", subscriber=subscriber,
                 sections=list(subscriber.sections.all()),
                 send_time=conf.options().briefing.send_time)


@csrf_exempt  # RFC 8058: mail programs POST here without cookies; the signed token decides
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        subscriber = subscriptions.by_unsubscribe_token(token)
        if subscriber is None:
            return _page(request, "briefing/link_invalid.html", status=404, kind="unsubscribe")
        return _page(request, "briefing/unsubscribe.html", email=subscriber.email)
    if not subscriptions.unsubscribe(token):
        return _page(request, "briefing/link_invalid.html", status=404, kind="unsubscribe")
    return _page(request, "briefing/unsubscribed.html")


def _briefing_page(request: HttpRequest, day: date, *, latest: bool) -> HttpResponse:
    now = timezone.now()
    _, end = content.window(day)
    if day > content.day_of(now):
        raise Http404("that briefing is in the future")
    items = content.items_for(day)
    path = f"/briefing/{day.isoformat()}/"
    return _page(request, "briefing/briefing.html", day=day, groups=content.grouped(items),
                 count=len(items), gathering=end > now, send_time=conf.options().briefing.send_time,
                 canonical=content.absolute(path), latest=latest, noindex=False)


@require_http_methods(["GET", "HEAD"])
def latest(request: HttpRequest) -> HttpResponse:
    return _briefing_page(request, content.latest_day(timezone.now()), latest=True)


@require_http_methods(["GET", "HEAD"])
def day(request: HttpRequest, day: str) -> HttpResponse:
    try:
        when = date.fromisoformat(day)
    except ValueError as exc:
        raise Http404("not a date") from exc
    return _briefing_page(request, when, latest=False)
