"""The regions a partner promotes, in the admin: edited on the partner's page (an inline) and
listed on their own, with a page of each link's matches (the partner's cases ranked for the
region, as GET /api/v1/regions/{slug}/matches/ ranks them) for staff who may view partners'
cases and their region links."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from advisor.models import Case
from advisor.partners.models import PartnerRegion
from advisor.partners.services.matches import (
    match_promotion,
    matches_csv,
    matches_with_standing,
    partner_region_matches,
    region_names,
)
from advisor.platform.changelists import GuardedChangeListMixin
from advisor.presentation import labels

PER_PAGE = 50
# What the matches page needs: the partners' region links and the partners' cases.
MATCHES_PERMISSIONS = ("partners.view_partnerregion", "partners.view_partnercase")


class PartnerRegionInline(admin.TabularInline):
    model = PartnerRegion
    fields = ["region", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0
    verbose_name = _("promoted region")
    verbose_name_plural = _("promoted regions (its matches list ranks its cases for each)")

    # Linked once the partner exists (its page, or Promoted regions): the add page stays the form
    # it was, without a formset of links to post.
    def has_view_permission(self, request, obj=None) -> bool:
        return obj is not None and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is not None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and super().has_delete_permission(request, obj)


def _blank(choices) -> list[tuple[str, str]]:
    return [("", _("any")), *choices]


class MatchesForm(forms.Form):
    link = forms.ModelChoiceField(
        queryset=PartnerRegion.objects.select_related("partner", "region"),
        label=_("Partner and region"),
        empty_label=None,
    )
    sector = forms.ChoiceField(
        choices=_blank(labels.choices(labels.SECTORS)), required=False, label=_("Sector")
    )
    stage = forms.ChoiceField(
        choices=_blank(labels.choices(labels.STAGES)), required=False, label=_("Stage")
    )
    status = forms.ChoiceField(
        choices=_blank(Case.Status.choices), required=False, label=_("Status")
    )


@admin.register(PartnerRegion)
class PartnerRegionAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["partner", "region", "matches_link", "created_at"]
    list_filter = ["partner", "region"]
    search_fields = ["partner__name", "region__name", "region__slug"]
    list_select_related = ["partner", "region"]
    fields = ["partner", "region", "created_at"]
    readonly_fields = ["created_at"]

    @admin.display(description=_("matches"))
    def matches_link(self, link: PartnerRegion) -> str:
        url = reverse("admin:partners_partnerregion_matches") + f"?link={link.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Matches"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.matches_view)
        return [
            path("matches/", view, name="partners_partnerregion_matches"),
            *super().get_urls(),
        ]

    def matches_view(self, request):
        """A link's matches, filtered as asked, a page at a time; `?export=csv` for all of them
        as the API's CSV."""
        if not request.user.has_perms(MATCHES_PERMISSIONS):
            raise PermissionDenied
        form = MatchesForm(request.GET or None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Matches of a promoted region"),
            "opts": self.model._meta,
            "form": form,
            "rows": [],
        }
        if form.is_valid():
            link = form.cleaned_data["link"]
            filters = {
                name: form.cleaned_data[name] or None for name in ("sector", "stage", "status")
            }
            slug = link.region.slug
            links = partner_region_matches(partner=link.partner, region=slug, **filters)
            if request.GET.get("export") == "csv":
                response = StreamingHttpResponse(
                    (text.encode() for text in matches_csv(links=links, region=slug)),
                    content_type="text/csv; charset=utf-8",
                )
                name = f"matches-{link.partner_id}-{slug}.csv"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            page = Paginator(links, PER_PAGE).get_page(request.GET.get("page"))
            names = region_names()
            query = request.GET.copy()
            query.pop("page", None)
            context.update(
                link=link,
                page=page,
                query=query.urlencode(),
                can_view_cases=request.user.has_perm("advisor.view_case"),
                rows=[
                    {
                        "match": match,
                        "recommendation": names.get(match.standing.winner, match.standing.winner),
                        "promotion": match_promotion(match=match, names=names),
                    }
                    for match in matches_with_standing(links=page.object_list, region=slug)
                ],
            )
        return TemplateResponse(request, "admin/partners/partnerregion/matches.html", context)
