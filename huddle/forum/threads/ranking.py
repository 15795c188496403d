"""The order of answers: verified first, then the Wilson lower bound of votes, then the oldest.

The Wilson lower bound ranks 9 up / 1 down above 1 up / 0 down: it asks how
good an answer surely is given how few people have voted, so a new answer
with one vote does not jump ahead of one that many found right.
"""

from math import sqrt

Z = 1.96  # 95 % confidence


def wilson_lower_bound(up: int, down: int) -> float:
    n = up + down
    if n == 0:
        return 0.0
    p = up / n
    return (p + Z * Z / (2 * n) - Z * sqrt((p * (1 - p) + Z * Z / (4 * n)) / n)) / (1 + Z * Z / n)
