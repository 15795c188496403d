# ruff: noqa: E501  (quiz lines are prose the parser reads one per line)
"""The demo school's four training modules: content written for medical students, with quizzes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoModule:
    slug: str
    title: str
    summary: str
    body: str
    videos: tuple[tuple[str, str], ...]
    quiz: str
    pass_mark: int
    valid_for_days: int | None
    requires_workshop: bool = False


ACTIVE_LISTENING = DemoModule(
    slug="active-listening",
    title="Active listening",
    summary="OARS, reflections and open questions: how to help a classmate feel heard without trying to fix them.",
    body="""\
## Why listening is the intervention

When a classmate comes to you after a failed shelf exam or a brutal call night, the most useful thing you can
offer is rarely advice. Feeling *heard* lowers distress, helps people sort out what they actually think, and
makes it more likely they will reach for real help if they need it. Peer listeners are not therapists: your job
is to be present, curious and non-judgemental.

## OARS

The four core skills, borrowed from motivational interviewing:

- **Open questions** invite a story: *"What has this week been like for you?"* rather than *"Are you OK?"*
  (which invites "fine").
- **Affirmations** recognise strengths and effort, not outcomes: *"You kept showing up to clinic even though
  you were exhausted."*
- **Reflections** say back what you heard, in your own words. *Simple* reflections repeat the content
  (*"You feel behind."*); *complex* reflections name the feeling or meaning underneath (*"It sounds like you are
  starting to wonder whether you belong here."*). Aim for roughly two reflections for every question.
- **Summaries** pull the threads together and check you got it right: *"So the exam, the rotation move and
  not sleeping have all landed at once. Did I miss anything?"*

## Not fixing

The urge to fix ("Have you tried Anki?", "Just talk to the clerkship director") usually comes from our own
discomfort. Premature advice tells the other person their feelings are a problem to be solved quickly. Try:

1. Reflect first, at least twice, before offering anything.
2. Ask permission before suggesting: *"Would it help to think through options, or do you mostly need to vent
   right now?"*
3. Let silence work. Count to five before you fill a pause.

## What gets in the way

- Comparing (*"When I failed my first exam…"*) moves the spotlight to you.
- Reassuring too fast (*"You'll be fine!"*) can feel dismissive.
- Interrogating: a string of closed questions feels like a history-taking.

## Boundaries and safety

You may hear things that worry you. If someone mentions thoughts of suicide or harming themselves, that is no
longer a listening conversation: follow the **Crisis response** module, stay with them and connect them to
help. Confidentiality is the default, but never when someone's safety is at risk — tell people that up front.
""",
    videos=(
        (
            "Motivational interviewing: OARS in two minutes",
            "https://www.youtube.com/results?search_query=OARS+motivational+interviewing",
        ),
    ),
    quiz="""\
? Which of these is an open question?
- Are you feeling OK today?
* What has been the hardest part of this rotation?
- Did you study for the exam?
- Is it the attending who is the problem?

? A classmate says: "I keep getting pimped and freezing. Everyone must think I'm an idiot." Which responses are reflections?
* You're worried the team sees you as not knowing your stuff.
* Freezing up in front of everyone has been really embarrassing.
- You should read UpToDate the night before.
- Everyone freezes, don't worry about it.

? What is the main reason to hold back advice early in a conversation?
- Advice is never appropriate from a peer.
* Quick fixes can signal that the person's feelings are a problem to get rid of, and they stop talking.
- Advice takes too long.

? Which is an affirmation?
- You got honours, so you're obviously fine.
* It took courage to tell me this, especially in the middle of a hard week.
- You need to be kinder to yourself.

? During a listening conversation, a student says they have been thinking that everyone would be better off without them. What do you do?
- Keep reflecting and keep it confidential, as promised.
* Switch to crisis response: ask directly about suicide, stay with them and connect them to help.
- Change the subject to something more positive.
""",
    pass_mark=80,
    valid_for_days=730,
)

PEER_TUTORING = DemoModule(
    slug="peer-tutoring-skills",
    title="Peer tutoring skills",
    summary="Socratic questioning, retrieval practice and boundaries: tutoring that builds understanding instead of dependence.",
    body="""\
## Your goal: they leave able to do it without you

Good tutoring feels slower than lecturing. You are not there to re-deliver the lecture; you are there to find
out what the learner can already do, and to make them do the thinking.

## Socratic questioning

Start from what they know and climb:

- *"Walk me through what happens to GFR when the afferent arteriole constricts."*
- *"Why would that be?"* — push for mechanism, not recall.
- *"What would you expect to see in the urine, then?"* — ask them to predict.
- When they are stuck, narrow the question rather than giving the answer:
  *"What does angiotensin II do to the efferent arteriole?"*

Wait at least five seconds after a question. Most tutors answer their own questions far too soon.

## Retrieval practice beats re-reading

Testing is how memory is built, not only how it is measured. In every session:

1. Open with two or three questions on *last* session's material (spacing).
2. Have the learner explain a concept back to you, or draw the pathway from memory.
3. Mix topics (interleaving) once basics are solid: acid–base with renal with pharmacology.
4. End by asking them to write the three things they most need to review.

## Don't do the work for them

If you are tutoring for a graded assignment, an OSCE write-up or a take-home exam, you may explain concepts and
practise on *other* examples, but you do not write, edit or check work that will be graded. Sharing old exam
questions from recalled memory is an honour-code violation at most schools — including ours.

## Boundaries

- Keep sessions in agreed places and times (library rooms, video calls), and end on time.
- You are a peer, not a clinician or a counsellor. If a tutee's struggles look like more than academics
  (sleep, mood, home), listen, then point to the learning specialist and the well-being team.
- Money, favours and dating do not mix with tutoring.
""",
    videos=(("The science of retrieval practice", "https://www.retrievalpractice.org/"),),
    quiz="""\
? Your tutee is stuck on why ACE inhibitors lower GFR. What is the best next move?
- Explain the mechanism clearly so they have it right.
* Ask a narrower question, e.g. what angiotensin II does to the efferent arteriole.
- Tell them to re-read the lecture slides.

? Which activities are retrieval practice?
* Drawing the coagulation cascade from memory.
* Answering questions on last week's topic at the start of the session.
- Highlighting the First Aid chapter again.
- Watching the lecture recording at 2x speed.

? A tutee asks you to look over their graded case write-up before they submit it. What do you do?
- Fix the mistakes; it's only a write-up.
* Decline to edit graded work, and offer to practise the same skills on a different case.
- Read it and only point out where the mistakes are.

? After asking a question, how long should you usually wait before helping?
- One second, so they don't feel awkward.
* At least a few seconds — silence gives them time to think.
- Never help; let them struggle.

? During sessions a tutee mentions they have barely slept for weeks and feel hopeless. What is your role?
- Keep to academics; it is not your business.
* Listen, then point them to the well-being team (and crisis resources if they may be unsafe).
- Give them a sleep-hygiene plan and check in nightly.
""",
    pass_mark=80,
    valid_for_days=730,
)

MENTORING_BASICS = DemoModule(
    slug="mentoring-basics",
    title="Mentoring basics",
    summary="Goals, a meeting rhythm, what stays confidential (and what cannot), and when to refer.",
    body="""\
## What a near-peer mentor is for

A near-peer mentor has recently survived what your mentee is facing: the first anatomy exam, choosing a
specialty, Step 1 dedicated, the first rotation. You offer perspective, encouragement and the unwritten rules.
You are not their advisor of record, their therapist or their study plan.

## Start with goals

In the first meeting, ask what they want from the year and write it down together:

- one **academic** goal (e.g. "a study system I trust before the first block exam"),
- one **professional** goal (e.g. "shadow in two specialties by spring"),
- one **personal** goal (e.g. "keep running three times a week").

Make goals specific enough that you can both tell in three months whether they happened. Revisit them at every
third meeting; goals change and that is fine.

## A meeting rhythm

- Agree on a cadence up front — every two to three weeks works for most pairs — and put the next meeting in the
  calendar before you leave the current one.
- 30–45 minutes is plenty. Start with *"What's on your mind?"* before your own agenda.
- If your mentee goes quiet, reach out once more, kindly, then let the coordinators know; do not take it
  personally.

## Confidentiality and its limits

Tell your mentee at the start: *"What you tell me stays between us, unless I'm worried about your safety or
someone else's, or you tell me about something the school requires me to report (like mistreatment involving
patient safety)."* Then keep that promise. Never discuss your mentee with classmates, even without names.

## When to refer

You are a bridge, not the destination. Refer, and offer to help make the contact, when you hear:

- academic trouble beyond study tips → the learning specialist or the dean's office,
- mistreatment → the mistreatment reporting process,
- low mood, anxiety, substance use, or anything about self-harm → the well-being team (and for any mention of
  suicide, the **Crisis response** steps, right away).
""",
    videos=(("AAMC: Mentoring in medical education", "https://www.aamc.org/"),),
    quiz="""\
? What is a good goal to write down in a first mentoring meeting?
- Do well in medical school.
* Build a study system I trust before the first block exam in October.
- Be happier.

? How should you set a meeting rhythm?
* Agree a cadence together and book the next meeting before the current one ends.
- Meet whenever the mentee messages you.
- Meet weekly for two hours no matter what.

? Which are limits to confidentiality you should mention at the start?
* You are worried about their safety or someone else's.
* They disclose something the school requires you to report.
- They tell you about a bad exam grade.
- A classmate asks how your mentee is doing.

? Your mentee says they have been drinking most nights to get to sleep. What do you do?
- Keep it to yourself and suggest melatonin.
* Listen without judgement, then offer to help them contact the well-being team.
- Tell the course director.

? Your mentee stops replying after two missed meetings. What is the best step?
- Report them for unprofessionalism.
* Reach out once more, kindly, and if there is still no answer, let the program coordinator know.
- Message them daily until they answer.
""",
    pass_mark=80,
    valid_for_days=365,
)

CRISIS_RESPONSE = DemoModule(
    slug="crisis-response",
    title="Crisis response",
    summary="Recognise warning signs, ask directly about suicide, stay, and hand off warmly to 988 or campus help.",
    body="""\
> If you or someone with you is in immediate danger, call **911** now. For a mental-health crisis call or text
> **988** (Suicide & Crisis Lifeline), or use the campus lines on Huddle's crisis page.

## Why this matters for us

Medical students and physicians die by suicide at higher rates than their peers, and most told someone — often
a friend — something beforehand. You do not need to be an expert to save a life; you need to notice, ask and
connect.

## Recognise the warning signs

- Talking about wanting to die, being a burden, or feeling trapped or hopeless.
- Looking for means; giving away belongings; saying goodbye.
- Withdrawal, sudden calm after a period of distress, more alcohol or drug use.
- Big losses or shame events: a failed board exam, a dismissal hearing, a patient death, a break-up.

## Ask directly

Ask plainly: **"Are you thinking about killing yourself?"** or **"Are you thinking about suicide?"** Asking does
*not* plant the idea or raise the risk; it tells the person they can talk about it. Avoid leading questions
such as "You're not thinking of doing anything stupid, are you?"

## Stay, and keep them safe

- Stay with them, in person or on the phone. Do not leave them alone if they are at imminent risk.
- Listen more than you talk; do not argue about whether life is worth living.
- Ask whether they have a plan and access to means; if they do, help put time and distance between them and
  the means, and call 911 or 988 with them.
- Do not promise secrecy. *"I care about you too much to keep this to myself."*

## Share 988 and campus lines

- **988** — call or text, 24/7; chat at 988lifeline.org.
- The campus counselling after-hours line and the student well-being office (see the crisis page in Huddle).
- For medical students specifically, the school's confidential physician-health program.

## Warm handoff

A warm handoff means you connect them *with* you present: make the call together, walk them to the counselling
centre, or stay on the line until someone takes over. A phone number on a sticky note is a cold handoff and is
far less likely to work. Afterwards, follow up within a day: *"I've been thinking about you. How are you today?"*

## Look after yourself

Supporting someone in crisis is heavy. Talk to the well-being team afterwards (this is not breaking
confidentiality), sleep, eat, and do not carry it alone. You did not cause the crisis and you are not
responsible for the outcome — you are responsible for asking and connecting, and you did.
""",
    videos=(
        ("988 Suicide & Crisis Lifeline: how to help", "https://988lifeline.org/help-someone-else/"),
        ("#BeThe1To: five action steps", "https://www.bethe1to.com/bethe1to-steps-evidence/"),
    ),
    quiz="""\
? Which are warning signs of suicide risk?
* Talking about being a burden to others.
* Giving away belongings and saying goodbye.
- Asking for help with a study schedule.
* A sudden calm after weeks of distress.

? How should you ask about suicide?
- "You're not thinking of doing anything stupid, are you?"
* "Are you thinking about killing yourself?"
- Avoid asking; it might put the idea in their head.

? Your friend says they have a plan and pills at home. What do you do?
- Promise to keep it secret so they keep talking.
- Give them the 988 number and leave them to rest.
* Stay with them, help put distance between them and the pills, and call 988 or 911 together.

? What is a warm handoff?
- Texting them the counselling centre's number.
* Connecting them to help while you are present, e.g. making the call together or walking them there.
- Telling their course director.

? Which numbers and places should you share?
* 988, by call or text, any time.
* The campus counselling after-hours line and the well-being office.
- Only the student's own primary-care doctor.

? After supporting someone through a crisis, what is right for you?
- Keep it entirely to yourself to protect their privacy.
* Debrief with the well-being team and look after your own sleep and support.
- Check on them every hour for a week.
""",
    pass_mark=100,
    valid_for_days=365,
    requires_workshop=False,
)

MODULES = (ACTIVE_LISTENING, PEER_TUTORING, MENTORING_BASICS, CRISIS_RESPONSE)
