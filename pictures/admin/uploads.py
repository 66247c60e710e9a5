"""Several pictures uploaded at once (pictures/static/pictures/uploads.js): each file is sent
on its own with its progress shown, checked, compared with the library, and described in a
small form once it is in. Without JavaScript the page's form sends them all together."""

from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Image, SourceKind
from ..references import reference
from ..services import image_upload
from ..uploads import ACCEPT_ATTRIBUTE, ImageUploadField
from .display import flags

DESCRIBED = ["title", "alt_text", "caption", "credit", "copyright_notice", "source_kind"]


class UploadForm(forms.Form):
    """One file, with what the person already knows of it."""

    file = ImageUploadField()
    title = forms.CharField(max_length=200, required=False)
    alt_text = forms.CharField(max_length=300, required=False)
    caption = forms.CharField(max_length=400, required=False)
    credit = forms.CharField(max_length=200, required=False)
    copyright_notice = forms.CharField(max_length=200, required=False)
    source_kind = forms.ChoiceField(choices=[("", "")] + SourceKind.choices, required=False)
    keep_duplicate = forms.BooleanField(required=False)

    def details(self):
        return {name: self.cleaned_data.get(name, "") for name in DESCRIBED}


class DescribeForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = DESCRIBED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_text"].required = True


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def card(image):
    """A picture as the upload page and the chooser show it, and as the lines a writer
    inserts it with."""
    picture = image.picture
    thumbnail = picture.renditions("square")[0].url if picture else ""
    return {
        "id": image.pk,
        "title": str(image),
        **{name: getattr(image, name) for name in DESCRIBED if name != "title"},
        "thumbnail": thumbnail,
        "admin_url": image.get_admin_url(),
        "describe_url": reverse("admin:pictures_image_describe", args=[image.pk]),
        "reference": reference("picture", image.pk),
        "flags": [str(label) for _, label in flags(image)],
    }


# The page shows each chosen file at once, from the browser's own copy (a blob: address).
@csp_update({"img-src": ["blob:"]})
def upload_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        return _upload_one(request) if wants_json(request) else _upload_many(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Upload pictures"),
        "accept": ACCEPT_ATTRIBUTE,
        "max_mb": settings.IMAGE_UPLOAD_MAX_MB,
        "source_kinds": SourceKind.choices,
        "can_make_gallery": request.user.has_perm("pictures.add_gallery"),
    }
    return TemplateResponse(request, "admin/pictures/image/upload.html", context)


def _upload_one(request):
    """One file from the upload page or the chooser: 201 with the new picture, 409 with the
    pictures the library already has like it, 400 with what is wrong with the file."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [message for messages_ in form.errors.values() for message in messages_]
        return JsonResponse({"errors": errors}, status=400)
    done = image_upload(
        file=form.cleaned_data["file"],
        by=request.user,
        details=form.details(),
        keep_duplicate=form.cleaned_data["keep_duplicate"],
    )
    if done.image is None:
        duplicates = [card(image) for image in done.duplicates[:3]]
        return JsonResponse({"duplicates": duplicates}, status=409)
    return JsonResponse({"picture": card(done.image), "prefilled": done.prefilled}, status=201)


def _upload_many(request):
    """The page's form sent without JavaScript: every file in it, each on its own, so one
    bad file keeps none of the others out."""
    files = request.FILES.getlist("files")
    keep = bool(request.POST.get("keep_duplicates"))
    made, refused, known = 0, [], []
    for file in files:
        form = UploadForm(data={"keep_duplicate": keep}, files={"file": file})
        if not form.is_valid():
            refused += [message for messages_ in form.errors.values() for message in messages_]
            continue
        done = image_upload(file=form.cleaned_data["file"], by=request.user, keep_duplicate=keep)
        if done.image is None:
            known.append((file.name, done.duplicates[0]))
        else:
            made += 1
    _report(request, made, refused, known, bool(files))
    if made:
        return redirect(reverse("admin:pictures_image_changelist") + "?use=undescribed")
    return redirect("admin:pictures_image_upload")


def _report(request, made, refused, known, sent):
    if not sent:
        messages.error(request, _("Choose one or more pictures to upload."))
    if made:
        messages.success(
            request,
            ngettext(
                "%d picture is in the library: give it its alt text.",
                "%d pictures are in the library: give each its alt text.",
                made,
            )
            % made,
        )
    for message in refused:
        messages.error(request, message)
    for name, image in known:
        messages.warning(
            request,
            _("“%(name)s” is already in the library as “%(title)s”: it was not uploaded again.")
            % {"name": name, "title": image},
        )


def describe_view(model_admin, request, object_id):
    """The small form under an uploaded picture: its alt text and credit, saved on their own."""
    image = get_object_or_404(Image, pk=object_id)
    if not model_admin.has_change_permission(request, image):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DescribeForm(request.POST, instance=image)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    form.save()
    return JsonResponse({"picture": card(image)})
