"""The integer quality of a study group, which every group solver optimises.

Its own module because the constructions and local search (:mod:`.groups`),
the packing start (:mod:`.packing`) and the exact steps (:mod:`.exact`) all
score groups with it, and none of them should import another to do so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .availability import BLOCKS_PER_WEEK, to_bits
from .model import GroupRules, Student

#: Points per common half-hour block, up to the cap below.
BLOCK_POINTS = 10
#: Points when every member has the same course / the same goal.
SAME_COURSE_POINTS = 30
SAME_GOAL_POINTS = 20
#: A virtual-only and an in-person-only member in one group.
MODALITY_CLASH_POINTS = -50
#: The group has fewer common hours than the minimum.
BELOW_MIN_POINTS = -3000
#: On top of that, the group has no common time at all (when a minimum is
#: set). The weakest group decides, as CATME judges a teaming: a group that
#: can never meet is worth two groups short of the minimum, so the search
#: first leaves no group without time, then counts groups below the minimum.
NO_TIME_POINTS = -6000
#: Per protected-attribute member who is the only one in the group. Larger
#: than the below-minimum penalty: the attribute rule is a rule, while a
#: group short of common time is still formed, just flagged.
LONE_MEMBER_POINTS = -5000
#: A group all of one class year when the coordinator asked to mix years (see
#: :class:`.model.GroupRules`). A rule, so more than the below-minimum
#: penalty; less than a lone protected member, because that rule protects a
#: person while this one is about how the group learns.
SAME_YEAR_POINTS = -4000

_ALL = (1 << BLOCKS_PER_WEEK) - 1


@dataclass(frozen=True)
class Objective:
    """Integer quality of a group of student indices; the total is the sum.

    Common time counts ``BLOCK_POINTS`` per half hour up to ``cap_blocks``
    (concave: beyond a comfortable weekly slot more overlap adds nothing).
    """

    bits: tuple[int, ...]
    course: tuple[int, ...]
    goal: tuple[int, ...]
    virtual: tuple[bool, ...]
    in_person: tuple[bool, ...]
    protected: tuple[tuple[int, ...], ...]
    min_blocks: int
    cap_blocks: int
    #: Per student, the index of their class year (-1: unknown).
    year: tuple[int, ...]
    #: The year rule is in force: asked for, and the pool has two known years.
    mix_years: bool

    @classmethod
    def build(cls, students: Sequence[Student], rules: GroupRules) -> Objective:
        courses = {c: k for k, c in enumerate(sorted({s.course for s in students if s.course}))}
        goals = {g: k for k, g in enumerate(sorted({s.goal for s in students if s.goal}))}
        attrs = sorted({a for s in students for a in s.attributes})
        if rules.protect_attributes is not None:
            attrs = [a for a in attrs if a in rules.protect_attributes]
        attr_id = {a: k for k, a in enumerate(attrs)}
        years = {y: k for k, y in enumerate(sorted({s.class_year for s in students if s.class_year is not None}))}
        min_blocks = math.ceil(rules.min_common_hours * 2 - 1e-9)
        return cls(
            bits=tuple(to_bits(s.availability) for s in students),
            course=tuple(courses[s.course] if s.course else -1 for s in students),
            goal=tuple(goals[s.goal] if s.goal else -1 for s in students),
            virtual=tuple(s.modality == "virtual" for s in students),
            in_person=tuple(s.modality == "in_person" for s in students),
            protected=tuple(tuple(sorted({attr_id[a] for a in s.attributes if a in attr_id})) for s in students),
            min_blocks=min_blocks,
            cap_blocks=max(8, 2 * min_blocks),
            year=tuple(-1 if s.class_year is None else years[s.class_year] for s in students),
            mix_years=rules.mix_years and len(years) >= 2,
        )

    def common_bits(self, members: Sequence[int]) -> int:
        c = _ALL
        for s in members:
            c &= self.bits[s]
        return c

    def quality(self, members: Sequence[int]) -> int:
        if not members:
            return 0
        c = _ALL
        first_course, first_goal = self.course[members[0]], self.goal[members[0]]
        same_course = first_course >= 0
        same_goal = first_goal >= 0
        has_v = has_p = False
        counts: dict[int, int] = {}
        for s in members:
            c &= self.bits[s]
            if self.course[s] != first_course:
                same_course = False
            if self.goal[s] != first_goal:
                same_goal = False
            has_v = has_v or self.virtual[s]
            has_p = has_p or self.in_person[s]
            for a in self.protected[s]:  # lone_members, inlined: this is the hot path
                counts[a] = counts.get(a, 0) + 1
        blocks = c.bit_count()
        q = BLOCK_POINTS * min(blocks, self.cap_blocks)
        if same_course:
            q += SAME_COURSE_POINTS
        if same_goal:
            q += SAME_GOAL_POINTS
        if has_v and has_p:
            q += MODALITY_CLASH_POINTS
        if blocks < self.min_blocks:
            q += BELOW_MIN_POINTS
            if blocks == 0 and len(members) > 1:
                q += NO_TIME_POINTS
        for n_a in counts.values():
            if n_a == 1:
                q += LONE_MEMBER_POINTS
        if self.mix_years:
            # same_year, inlined: two known years or more, all equal.
            year, first, known = self.year, -1, 0
            for s in members:
                y = year[s]
                if y >= 0:
                    if known and y != first:
                        break
                    first, known = y, known + 1
            else:
                if known >= 2:
                    q += SAME_YEAR_POINTS
        return q

    def same_year(self, members: Sequence[int]) -> bool:
        """At least two members have a known class year and all known years
        are equal (whether or not the rule is in force)."""
        first, known = -1, 0
        for s in members:
            y = self.year[s]
            if y < 0:
                continue
            if known and y != first:
                return False
            first, known = y, known + 1
        return known >= 2

    def lone_members(self, members: Sequence[int]) -> int:
        """Protected members who are the only one of their attribute here."""
        counts: dict[int, int] = {}
        for s in members:
            for a in self.protected[s]:
                counts[a] = counts.get(a, 0) + 1
        return sum(1 for c in counts.values() if c == 1)
