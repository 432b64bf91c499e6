from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pilotage.engagements import selectors as engagement_selectors
from pilotage.kpis import selectors as kpi_selectors
from pilotage.lib import export
from pilotage.lib.http import posted

from . import selectors, services
from .access import membership_for, org_view
from .forms import AuditFilterForm, LoginForm, MemberCreateForm, MemberUpdateForm, ProfileForm
from .models import Membership
from .permissions import can


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form, on the field it names when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def home(request: HttpRequest) -> HttpResponse:
    """Send a person to their organisation, or let them pick one."""
    if not request.user.is_authenticated:
        return redirect("login")
    memberships = list(
        Membership.objects.active().filter(user=request.user).select_related("organisation")
    )
    if len(memberships) == 1:
        return redirect("org_home", org=memberships[0].organisation.slug)
    return render(request, "core/choose_organisation.html", {"memberships": memberships})


@org_view()
def org_home(request: HttpRequest) -> HttpResponse:
    m = request.membership
    rows = engagement_selectors.engagement_rows(m, include_closed=False)
    today = timezone.localdate()
    context = {
        "rows": rows,
        "stage_counts": engagement_selectors.stage_counts(rows),
        "today": today,
    }
    if can(m, "kpis.leader_time"):
        spent = kpi_selectors.leader_time_this_month([r.engagement.pk for r in rows], today)
        context["leader_time"] = [(r.engagement, spent.get(r.engagement.pk)) for r in rows]
        context["time_steps"] = [("0.25", "15 min"), ("0.5", "30 min"), ("1", "1 h"), ("2", "2 h")]
    # Contracts.
    from pilotage.contracts.selectors import deadlines_ahead

    context["contract_deadlines"] = deadlines_ahead(m, today)
    # Governance.
    from pilotage.governance import selectors as governance_selectors

    if m.is_vendor:
        context["held_actions"] = governance_selectors.vendor_held(m, today)
    elif m.is_owner or m.is_referent:
        context["overdue_actions"] = governance_selectors.overdue_for(m, today)
        context["next_meetings"] = governance_selectors.next_meetings_for(m)
    return render(request, "core/home.html", context)


@org_view("member.view")
def member_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/member_list.html", {"members": selectors.member_list(request.membership)}
    )


@org_view("member.manage")
def member_create(request: HttpRequest) -> HttpResponse:
    org = request.organisation
    form = MemberCreateForm(posted(request), organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                _("%(email)s now has access. An invitation e-mail is on its way.")
                % form.cleaned_data,
            )
            return redirect("members:list", org=org.slug)
    return render(request, "core/member_form.html", {"form": form})


@org_view("member.manage")
def member_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(selectors.member_list(request.membership), pk=pk)
    form = MemberUpdateForm(posted(request), membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Access of %(name)s updated.") % {"name": membership.user})
            return redirect("members:list", org=request.organisation.slug)
    return render(request, "core/member_form.html", {"form": form, "member": membership})


AUDIT_PAGE_SIZE = 50


def _audit_filtered(request: HttpRequest):
    m = request.membership
    form = AuditFilterForm(
        request.GET or None,
        organisation=m.organisation,
        object_types=selectors.audit_object_types(m),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.audit_entries(m, filters)


@org_view("audit.view")
def audit_list(request: HttpRequest) -> HttpResponse:
    form, qs = _audit_filtered(request)
    page = Paginator(qs, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [
        (e, selectors.describe_changes(e), selectors.object_type_label(e.object_type)) for e in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "query": query.urlencode(),
            "formats": export.FORMATS,
        },
    )


@org_view("audit.view")
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in export.FORMATS:
        raise Http404
    form, qs = _audit_filtered(request)
    body, n = export.render(fmt, selectors.AUDIT_COLUMNS, selectors.audit_export_rows(qs))
    name = f"audit-{request.organisation.slug}-{timezone.localdate():%Y%m%d}.{fmt}"
    services.record_export(actor=request.user, org=request.organisation, name=name, rows=n)
    response = HttpResponse(body, content_type=export.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language or settings.LANGUAGE_CODE,
    }
    if request.method == "POST" and request.POST.get("form") == "notifications":
        return _notification_preferences(request)
    form = ProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(actor=user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        response = redirect("account")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response
    return render(request, "core/account.html", {"form": form, **_account_extras(request)})


def _account_extras(request: HttpRequest) -> dict:
    """The notification preferences and the calendar feeds shown on the account page."""
    from .notify import KINDS

    off = set(request.user.notification_opt_outs.values_list("kind", flat=True))
    memberships = (
        Membership.objects.active().filter(user=request.user).select_related("organisation")
    )
    return {
        "notification_kinds": [(kind, label, kind not in off) for kind, label in KINDS.items()],
        "feed_organisations": [m.organisation for m in memberships],
    }


def _notification_preferences(request: HttpRequest) -> HttpResponse:
    from .notify import KINDS

    wanted = set(request.POST.getlist("notify"))
    services.notification_preferences_set(
        actor=request.user, kinds_off=[k for k in KINDS if k not in wanted]
    )
    messages.success(request, _("Your e-mail preferences are saved."))
    return redirect("account")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and, once signed in, on the account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        )
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The "not found" page keeps the organisation's menu when the person belongs to it."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("org") if match else None
    if slug and request.user.is_authenticated and not hasattr(request, "membership"):
        try:
            request.membership = membership_for(request, slug)  # type: ignore[attr-defined]
            request.organisation = request.membership.organisation  # type: ignore[attr-defined]
        except Http404:
            pass
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the page must render even when the database is down.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@csrf_exempt  # the link of an e-mail, and the one-click POST of RFC 8058: no session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop one kind of e-mail from a link in the message: GET asks, POST (the button, or a
    mail client's one-click ``List-Unsubscribe=One-Click``) records it."""
    from .models import User
    from .notify import KINDS, read_unsubscribe_token

    found = read_unsubscribe_token(token)
    person = User.objects.filter(pk=found[0], is_active=True).first() if found else None
    if person is None or found is None:
        raise Http404
    kind = found[1]
    done = False
    if request.method == "POST":
        off = set(person.notification_opt_outs.values_list("kind", flat=True)) | {kind}
        services.notification_preferences_set(actor=person, kinds_off=off)
        done = True
    elif request.method not in ("GET", "HEAD"):
        raise Http404
    return render(
        request,
        "core/unsubscribe.html",
        {"kind_label": KINDS[kind], "done": done, "person": person},
    )
