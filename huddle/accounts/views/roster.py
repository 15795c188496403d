"""The coordinator's roster import: upload a CSV, review the preview, import."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from huddle.accounts import policy
from huddle.accounts import roster as services
from huddle.accounts.models import ClassYear, Role, RosterImport
from huddle.accounts.roster import ERROR, NEW, STATUSES, UPDATE
from huddle.accounts.roster_csv import EXPECTED_HEADER, MAX_BYTES, MAX_ROWS
from huddle.lib.errors import HuddleError
from huddle.lib.http import is_htmx

STATUS_LABELS = {
    NEW: gettext_lazy("New"),
    UPDATE: gettext_lazy("Update"),
    "unchanged": gettext_lazy("Unchanged"),
    ERROR: gettext_lazy("Error"),
}
ALL = "all"
ROWS_PER_PAGE = 500
STATUS_CLASSES = {NEW: "status-ok", UPDATE: "status-warn", "unchanged": "", ERROR: "status-bad"}


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Roster CSV file"),
        help_text=gettext_lazy("A CSV file saved as UTF-8, at most 2 MB and 5,000 people."),
    )

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        if file.size is not None and file.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is 2 MB. Split it into smaller files.")
                % {"size": file.size / 1024 / 1024}
            )
        return file


def _require_importer(request: HttpRequest) -> None:
    if not policy.can_import_roster(request.user):
        raise PermissionDenied


def _display(row: dict[str, Any]) -> dict[str, Any]:
    """One preview row in words; error rows show the cells as written."""
    raw = row["raw"]
    ok = row["status"] != ERROR
    roles = ", ".join(str(Role(r).label) for r in row["roles"]) if ok else raw.get("role", "")
    year = raw.get("class_year", "")
    if ok and row["class_year"]:
        year = ClassYear(row["class_year"]).label
        if row["graduation_year"]:
            year = _("%(year)s (class of %(grad)d)") % {"year": year, "grad": row["graduation_year"]}
    return {
        "row": row["row"],
        "status": row["status"],
        "status_label": STATUS_LABELS[row["status"]],
        "status_class": STATUS_CLASSES[row["status"]],
        "email": row["email"] or raw.get("email", ""),
        "name": f"{raw.get('first_name', '')} {raw.get('last_name', '')}".strip(),
        "roles": roles,
        "class_year": year,
        "languages": ", ".join(row.get("language_names", row["languages"])) if ok else raw.get("languages", ""),
        "errors": row["errors"],
        "warnings": row["warnings"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = RosterUploadForm()
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                created = services.roster_preview_create(file=form.cleaned_data["file"], by=request.user)  # type: ignore[arg-type]
            except HuddleError as error:
                form.add_error("file", error.message)
            else:
                return redirect("accounts:roster_preview", import_id=created.pk)
    context = {
        "form": form,
        "imports": services.roster_imports_recent(),
        "expected_header": EXPECTED_HEADER,
        "max_rows": MAX_ROWS,
    }
    return render(request, "accounts/roster_import.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def roster_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    """The preview; a POST here discards it."""
    _require_importer(request)
    roster_import = get_object_or_404(RosterImport.objects.select_related("uploaded_by"), pk=import_id)
    if request.method == "POST":
        try:
            services.roster_discard(roster_import=roster_import, by=request.user)  # type: ignore[arg-type]
        except HuddleError as error:
            messages.error(request, error.message)
            return redirect("accounts:roster_preview", import_id=roster_import.pk)
        messages.success(request, _("The roster “%(name)s” was discarded.") % {"name": roster_import.filename})
        return redirect("accounts:roster_import")
    summary = roster_import.summary
    # A file with errors opens on its errors: they are what the coordinator must fix.
    show = request.GET.get("show") or (ERROR if summary.get(ERROR) else ALL)
    show = show if show in STATUSES else ALL
    rows = roster_import.rows if show == ALL else [r for r in roster_import.rows if r["status"] == show]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "roster": roster_import,
        "summary": summary,
        "rows": [_display(row) for row in page],
        "page": page,
        "show": show,
        "filters": [(ALL, _("All"), summary.get("total", 0))]
        + [(status, STATUS_LABELS[status], summary.get(status, 0)) for status in STATUSES],
        "to_import": summary.get(NEW, 0) + summary.get(UPDATE, 0),
        "has_errors": bool(summary.get(ERROR)),
        "same_file": services.roster_same_file_imported(roster_import=roster_import),
        "result": summary.get("result"),
    }
    template = "accounts/roster_preview.html"
    if is_htmx(request):
        template += "#rows"
    return render(request, template, context)


@login_required
@require_POST
def roster_commit(request: HttpRequest, import_id: int) -> HttpResponse:
    _require_importer(request)
    roster_import = get_object_or_404(RosterImport, pk=import_id)
    try:
        result = services.roster_commit(roster_import=roster_import, by=request.user)  # type: ignore[arg-type]
    except HuddleError as error:
        messages.error(request, error.message)
        return redirect("accounts:roster_preview", import_id=roster_import.pk)
    messages.success(
        request,
        _(
            "Imported “%(name)s”: %(created)d new, %(updated)d updated, %(unchanged)d unchanged. "
            "%(invitations)d invitations are being sent."
        )
        % {"name": roster_import.filename, **result.__dict__},
    )
    return redirect("accounts:roster_preview", import_id=roster_import.pk)
