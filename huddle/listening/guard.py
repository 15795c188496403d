"""Spotting contact details and invitations to talk elsewhere.

Moving a conversation off the platform, and pressure to share a number or a
handle, are what users of open peer-chat sites report most. Huddle warns the
sender before such a message leaves, marks it for both sides when it is sent
anyway, and files a report when it keeps happening. A warning, not a filter:
false positives must never silence someone asking for help.
"""

import re

_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # an e-mail address
    re.compile(r"(?<!\d)(?:\+?\d[\s().-]*){7,}(?!\d)"),  # a phone number: seven digits or more
    re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{3,}"),  # a social handle
    re.compile(
        r"\b(?:text|call|dm|message|ping|whatsapp)\s+me\b"
        r"|\badd\s+me\s+on\b|\bfollow\s+me\s+on\b|\bmy\s+(?:number|cell|phone|snap|insta|ig|discord|handle)\b"
        r"|\b(?:snapchat|instagram|whatsapp|telegram|discord|signal|kik|tiktok|facebook|messenger|imessage)\b",
        re.IGNORECASE,
    ),
)


def looks_like_contact(text: str) -> bool:
    """Whether the text seems to share contact details or invite the other person elsewhere."""
    return any(pattern.search(text) for pattern in _PATTERNS)
