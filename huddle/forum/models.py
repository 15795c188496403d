"""Course spaces, threads, answers and comments, votes, endorsements and moderation.

Every row that has an author keeps the author's id, because moderation and
the author's own pages need it; no page, API, notification or export reads
``author`` directly to show it: they ask :mod:`huddle.forum.authorship`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Topic


class Status(models.TextChoices):
    """Where a thread or post stands: only published ones reach readers who are not staff."""

    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for a moderator")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Space(models.Model):
    """A course (from the school's topics) or a general space such as Step 1."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        GENERAL = "general", _("General")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    topic = models.ForeignKey(
        Topic, verbose_name=_("course"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    #: Distinct people flagging a post before it is hidden pending review.
    auto_hide_flaggers = models.PositiveSmallIntegerField(_("flags that hide a post"), default=3)
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(auto_hide_flaggers__gte=1), name="space_auto_hide_at_least_one")
        ]

    def __str__(self) -> str:
        return self.name


class SpaceStaff(models.Model):
    """Faculty who verify answers in a space, and the moderators who keep it safe."""

    class Duty(models.TextChoices):
        FACULTY = "faculty", _("Faculty (verifies answers)")
        MODERATOR = "moderator", _("Moderator")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_duties")
    duty = models.CharField(max_length=10, choices=Duty.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "user", "duty"], name="one_duty_per_space")]

    def __str__(self) -> str:
        return f"{self.space_id}:{self.user_id}:{self.duty}"


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    """A question, a note, or a staff announcement, with its opening text."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        NOTE = "note", _("Note")
        ANNOUNCEMENT = "announcement", _("Announcement")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        DUPLICATE = "duplicate", _("Duplicate")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="threads")
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=20000)
    body_html = models.TextField(editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    anonymous = models.BooleanField(_("anonymous to classmates"), default=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="threads")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted_answer = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    #: When anything was last published in the thread (lists sort by it; it names nobody).
    last_activity_at = models.DateTimeField(default=timezone.now)
    answer_count = models.PositiveIntegerField(default=0)
    has_endorsed_answer = models.BooleanField(default=False)
    #: The form's one-time token: a resent POST creates one thread.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        indexes = [
            models.Index(fields=["space", "status", "-last_activity_at"], name="thread_space_recent"),
            models.Index(fields=["status", "-last_activity_at"], name="thread_recent"),
            models.Index(fields=["author", "-created_at"], name="thread_author"),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """An answer to a thread, or a comment on the thread or on an answer."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Answer")
        COMMENT = "comment", _("Comment")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    body = models.TextField(_("text"), max_length=20000)
    body_html = models.TextField(editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    anonymous = models.BooleanField(_("anonymous to classmates"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    #: Someone marked it "possibly outdated / needs review" and no faculty member has re-verified it since.
    needs_review = models.BooleanField(default=False)
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "kind", "status"], name="post_thread_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="comment") | Q(parent__isnull=True), name="post_only_comments_have_parent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} in {self.thread_id}"


class Citation(models.Model):
    """A source an answer cites, shown under its text."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="citations")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class Revision(models.Model):
    """A thread's or post's text before an edit: the edit history, worded without an editor's name."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="revisions")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    anonymous = models.BooleanField(default=False)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


class Alias(models.Model):
    """"Anonymous student 2": an anonymous author's number, stable within one thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="aliases")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_alias_per_author"),
            models.UniqueConstraint(fields=["thread", "number"], name="alias_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.number}"


class Vote(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_vote_per_post"),
            models.CheckConstraint(condition=Q(value__in=[-1, 1]), name="vote_is_up_or_down"),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d}"


class ThreadVote(models.Model):
    """"I have this question too": merged into the original when a thread is closed as a duplicate."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_thread_vote")]

    def __str__(self) -> str:
        return f"{self.thread_id}:{self.user_id}"


class Endorsement(models.Model):
    """A faculty member verified this answer as it read at ``version``."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="endorsement")
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.post_id} v{self.version}"


class Follow(models.Model):
    """A person follows a thread or a whole space."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="followers")
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True, space__isnull=False) | Q(thread__isnull=False, space__isnull=True),
                name="follow_thread_or_space",
            ),
            models.UniqueConstraint(fields=["user", "thread"], name="follow_thread_once"),
            models.UniqueConstraint(fields=["user", "space"], name="follow_space_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id or self.space_id}"


class Attachment(models.Model):
    """An uploaded image, stored under a random name with its metadata stripped."""

    key = models.CharField(max_length=32, unique=True)
    image = models.ImageField(upload_to="forum/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class Reveal(models.Model):
    """A staff member saw who wrote an anonymous post, with the reason they gave."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    revealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.post_id} by {self.revealed_by_id}"


class ReviewRequest(models.Model):
    """"Possibly outdated / needs review": the space's faculty are told."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="review_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "requested_by"], condition=Q(resolved_at__isnull=True), name="one_open_review_request"
            )
        ]

    def __str__(self) -> str:
        return f"review {self.post_id}"


# Moderation ---------------------------------------------------------------


class Flag(models.Model):
    """One person's report of a thread or post; ``flagged_by`` is null when the watched words raised it."""

    class Reason(models.TextChoices):
        INACCURATE = "inaccurate", _("Inaccurate")
        UNPROFESSIONAL = "unprofessional", _("Unprofessional")
        HARASSMENT = "harassment", _("Harassment")
        PRIVACY = "privacy", _("Shares private information")
        CRISIS = "crisis", _("Someone may be in crisis")

    class Resolution(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        ACTED = "acted", _("Acted on")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="flags")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="flags")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    #: The watched words that raised it, when it came from them.
    matched = models.CharField(max_length=200, blank=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, default=Resolution.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["space", "resolution"], name="flag_space_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "flagged_by"],
                condition=Q(resolution="open", flagged_by__isnull=False, post__isnull=True),
                name="one_open_thread_flag_per_person",
            ),
            models.UniqueConstraint(
                fields=["post", "flagged_by"],
                condition=Q(resolution="open", flagged_by__isnull=False, post__isnull=False),
                name="one_open_post_flag_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} on {self.thread_id}/{self.post_id}"


class ModerationAction(models.Model):
    """What a moderator did, shown in the space's log (the audit log keeps it too)."""

    class Action(models.TextChoices):
        DISMISS = "dismiss", _("Dismissed the flags")
        HIDE = "hide", _("Hid the post")
        RESTORE = "restore", _("Restored the post")
        EDIT = "edit", _("Edited the post")
        WARN = "warn", _("Warned the author")
        SUSPEND = "suspend", _("Suspended posting")
        APPROVE = "approve", _("Approved the post")
        CLOSE = "close", _("Closed the thread")
        DUPLICATE = "duplicate", _("Closed as a duplicate")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="moderation_actions")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.action


class Suspension(models.Model):
    """A person may not post in a space (or anywhere, without a space) until ``until``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField()
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "until"], name="suspension_user_until")]

    def __str__(self) -> str:
        return f"{self.user_id} until {self.until:%Y-%m-%d}"


class WatchedWord(models.Model):
    """A word or phrase coordinators watch for, and what happens to a post that has it."""

    class Action(models.TextChoices):
        BLOCK = "block", _("Block the post")
        APPROVAL = "approval", _("Hold for a moderator's approval")
        FLAG = "flag", _("Publish and flag for review")
        CRISIS = "crisis", _("Crisis: publish, show crisis help, send to a person")

    phrase = models.CharField(_("word or phrase"), max_length=100, unique=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class ForumRules(models.Model):
    """The school's posting limits (one row): stricter during an account's first days."""

    new_account_days = models.PositiveSmallIntegerField(_("an account is new for (days)"), default=3)
    threads_per_day = models.PositiveSmallIntegerField(_("new threads a day"), default=10)
    new_threads_per_day = models.PositiveSmallIntegerField(_("new threads a day, new accounts"), default=3)
    replies_per_hour = models.PositiveSmallIntegerField(_("answers and comments an hour"), default=30)
    new_replies_per_hour = models.PositiveSmallIntegerField(_("answers and comments an hour, new accounts"), default=10)
    approve_first_posts = models.PositiveSmallIntegerField(
        _("first posts of a new account held for approval"), default=0
    )

    def __str__(self) -> str:
        return "forum rules"
