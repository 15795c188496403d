"""The life of a published pair: its page, meetings, goals, check-ins, fit check, ending."""
