"""Self-select cycles: mentees ask mentors, who accept or decline."""
