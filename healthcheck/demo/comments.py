"""Free-text comments for the demo's synthetic answers, composed from fragments the way
practitioners write: an opening, something specific, what it leads to and, sometimes, what
would help. The struggling team writes about caseloads, duty, unallocated work and agency
turnover; the well-supported team about supervision, a manager who is around and training.

A handful name or contact someone (PLANTED), so the review before release has something to
find: last year's were reviewed before its release, this year's wait for review."""

from __future__ import annotations

import random

WORRIED, POSITIVE = "worried", "positive"

OPENINGS = {
    WORRIED: [
        "",
        "Honestly, ",
        "Since the restructure ",
        "For most of this year ",
        "Over the last six months ",
        "At the moment ",
        "Again this year ",
        "In our team ",
        "To be blunt, ",
        "As things stand ",
    ],
    POSITIVE: [
        "",
        "This year ",
        "I want to say that ",
        "Credit where it is due: ",
        "In our team ",
        "Over the past year ",
        "Compared with my last job, ",
        "For me ",
    ],
}

# standard -> tone -> (specific things, what they lead to, what would help)
FRAGMENTS = {
    1: {
        WORRIED: (
            [
                "team meetings keep getting cancelled for duty cover",
                "senior managers feel very distant from the front line",
                "nobody seems clear who signs off decisions on complex cases",
                "we hear about changes to procedures after they have already happened",
                "practice standards are talked about but rarely checked in a meaningful way",
                "the practice forums have stopped and nothing has replaced them",
            ],
            [
                "so we never get the chance to raise anything.",
                "which leaves practitioners guessing what is expected.",
                "and it feels like decisions are made about us rather than with us.",
                "so the same problems come round every few months.",
                "and morale suffers because people feel unheard.",
            ],
            [
                "",
                "A regular slot with senior managers would help.",
                "Clear written lines of accountability would help everyone.",
                "It would help to see the results of this survey acted on.",
            ],
        ),
        POSITIVE: (
            [
                "our team meetings are well run and I can put things on the agenda",
                "the practice forums have made a real difference to how we talk about cases",
                "senior managers have come out to team meetings and listened",
                "it is clear who makes decisions and how to escalate a worry",
                "the practice framework is part of how we actually work, not just a document",
                "I feel my professional judgement is respected",
            ],
            [
                "and it makes a difference to how valued people feel.",
                "which has helped newer staff find their feet.",
                "so problems get picked up earlier.",
                "and I would like that to carry on.",
                "and it shows in the quality of our assessments.",
            ],
            ["", "Please keep it going.", "More of this would be welcome.", "Thank you to everyone involved."],
        ),
    },
    2: {
        WORRIED: (
            [
                "too much of my week goes on chasing paperwork an admin could do",
                "we have relied on agency staff for well over a year",
                "vacancies take months to fill and the rest of us absorb the work",
                "there is no business support for booking rooms, interpreters or transport",
                "experienced staff keep leaving for neighbouring councils",
                "newly qualified workers are given full caseloads far too soon",
            ],
            [
                "and families have had three or four workers in a year.",
                "which means less time with the people we are supposed to be helping.",
                "and the turnover is unsettling for everyone.",
                "so the same few people end up holding the team together.",
                "and nobody seems to be planning for next year.",
            ],
            [
                "",
                "Proper admin support would free up hours every week.",
                "A clear recruitment plan would reassure people.",
                "Exit interviews should be looked at properly.",
            ],
        ),
        POSITIVE: (
            [
                "the new business support officer has freed up a lot of my time",
                "it is good to see newly qualified staff recruited and properly supported",
                "vacancies have been filled more quickly than before",
                "the team is more settled now that fewer posts are covered by agency staff",
                "the protected caseload for our newly qualified workers has been honoured",
                "the grow-your-own apprenticeship route is bringing in good people",
            ],
            [
                "and it means more time for direct work.",
                "which has made the team feel more stable.",
                "and families notice the difference.",
                "so the work is shared more fairly.",
                "and the mood in the office is better for it.",
            ],
            ["", "Please keep investing in this.", "More of this would be welcome.", ""],
        ),
    },
    3: {
        WORRIED: (
            [
                "my caseload has been well over what is manageable",
                "I cannot take the TOIL I am owed because there is never a quiet week",
                "cases wait too long at the transfer point between teams",
                "visits get cancelled every week because something more urgent comes in",
                "I regularly work into the evening just to keep my recording up to date",
                "allocation feels like whoever has the least to say no gets the next case",
            ],
            [
                "and I worry that something will be missed.",
                "and it is starting to affect my health.",
                "so families fall through the gaps.",
                "which is not safe for the people we work with.",
                "and I do not see it getting better any time soon.",
            ],
            [
                "",
                "A caseload cap that is actually kept to would help.",
                "Being able to take TOIL would make a real difference.",
                "Managers need to be honest about what is not possible.",
            ],
        ),
        POSITIVE: (
            [
                "caseloads are monitored in supervision and my manager acts when they creep up",
                "allocation is fair and transparent",
                "I am able to take my leave and TOIL when I need it",
                "my caseload is manageable and I have time to do the work properly",
                "the weighting tool has made allocation conversations easier",
                "workloads are talked about openly at team meetings",
            ],
            [
                "which means I can actually do the direct work I came into social work for.",
                "and it makes a real difference to my wellbeing.",
                "so nobody quietly sinks.",
                "and families get a consistent worker.",
                "and I feel trusted to manage my own diary.",
            ],
            ["", "Please do not let this slip.", "Thank you for keeping this a priority.", ""],
        ),
    },
    4: {
        WORRIED: (
            [
                "the case recording system crashes regularly",
                "there is nowhere private to make sensitive phone calls in the office",
                "lone working check-ins are not followed up when people are late back",
                "the stress is affecting my sleep",
                "hot-desking means I spend the first half hour of every day looking for a seat",
                "my laptop is so slow that recording takes twice as long as it should",
            ],
            [
                "and I know colleagues who feel the same.",
                "which adds hours to an already long week.",
                "and nobody seems to think it is a priority.",
                "so people quietly go off sick rather than say anything.",
                "which is not safe when you are out on visits alone.",
            ],
            [
                "",
                "Fixing the basics would make a big difference.",
                "A few quiet rooms would help.",
                "Wellbeing needs to be more than a poster in the kitchen.",
            ],
        ),
        POSITIVE: (
            [
                "the laptops and phones we were given make mobile working much easier",
                "I used the employee assistance programme this year and found it helpful",
                "my manager notices when I am struggling and helps me to prioritise",
                "the lone working app has made visits feel safer",
                "the wellbeing sessions were practical rather than a box-ticking exercise",
                "the office move gave us proper space for confidential calls",
            ],
            [
                "and it has made a real difference.",
                "which I did not expect.",
                "and colleagues have said the same.",
                "so I feel looked after at work.",
                "and it has helped me stay in the job.",
            ],
            ["", "Please keep this going.", "More of this would be welcome.", ""],
        ),
    },
    5: {
        WORRIED: (
            [
                "supervision is cancelled more often than it happens",
                "I have not had reflective supervision for months",
                "supervision is rushed and all about case management",
                "my supervision is moved at the last minute almost every time",
                "supervision notes are not written up or shared",
                "there is no space in supervision to talk about how the work affects me",
            ],
            [
                "so there is no time to think about my own development.",
                "and I end up making difficult decisions on my own.",
                "which leaves me feeling unsupported.",
                "and it feels like a tick-box exercise.",
                "so problems build up between sessions.",
            ],
            [
                "",
                "Protected supervision time would make a huge difference.",
                "Even a shorter session that actually happens would be better.",
                "Group supervision could help when one-to-ones slip.",
            ],
        ),
        POSITIVE: (
            [
                "supervision is regular and I get space to reflect as well as talk about cases",
                "group supervision has been a good addition to one-to-one supervision",
                "my supervisor makes time for me even when things are busy",
                "supervision is the one hour of the month that is never moved",
                "my manager is visible, in the office most days and easy to talk to",
                "reflective supervision has helped me through some very difficult cases",
            ],
            [
                "and I leave feeling clearer about my next steps.",
                "which makes the hard days manageable.",
                "and I know I am not carrying risk on my own.",
                "so I feel properly supported.",
                "and it is a big reason I stay in this team.",
            ],
            ["", "Thank you.", "Please protect this.", ""],
        ),
    },
    6: {
        WORRIED: (
            [
                "training is booked and then cancelled because of work pressures",
                "there is no protected time to read research",
                "my appraisal was a tick-box exercise",
                "the training on offer is mostly online modules with no discussion",
                "I was told there is no budget for the course I asked about",
                "development conversations keep being pushed back",
            ],
            [
                "so it never happens.",
                "and it did not lead to any development.",
                "which makes it hard to keep practice up to date.",
                "and people start to feel stuck.",
                "so I am thinking about looking elsewhere.",
            ],
            [
                "",
                "A couple of protected learning days a year would help.",
                "Training should not be the first thing cancelled.",
                "A clear development route would keep people here.",
            ],
        ),
        POSITIVE: (
            [
                "I have been supported to do a post-qualifying course",
                "the research library access has been really useful for court work",
                "my appraisal helped me plan my next steps",
                "the training programme this year has been relevant and well run",
                "I was given study time for my practice educator award",
                "the lunchtime learning sessions are short, practical and well attended",
            ],
            [
                "and I have been able to use it straight away.",
                "which has made me more confident in my practice.",
                "and it shows the council is investing in us.",
                "so I can see a future here.",
                "and colleagues have found it useful too.",
            ],
            ["", "Please keep the budget for this.", "More of this please.", ""],
        ),
    },
    7: {
        WORRIED: (
            [
                "I record my CPD in my own time",
                "nobody has explained what the regulator expects us to record",
                "raising a concern does not feel safe here",
                "there is no time in the working week to reflect and write up learning",
                "I only remembered to renew my registration because a colleague reminded me",
                "professional standards are never discussed outside of training days",
            ],
            [
                "because there is none during the working week.",
                "and I am not confident it would be taken seriously.",
                "so it gets left until the last minute.",
                "which is stressful when renewal comes round.",
                "and it feels like it is all on us.",
            ],
            [
                "",
                "An hour a month set aside for this would help.",
                "A simple reminder and guidance would help.",
                "",
            ],
        ),
        POSITIVE: (
            [
                "the sessions on the professional standards were useful",
                "I feel able to raise concerns and have seen them acted on",
                "my manager reminds us about registration and gives us time to record CPD",
                "the CPD templates make recording learning quick",
                "we talk about our professional standards in team meetings",
                "the renewal reminders this year were clear and early",
            ],
            [
                "and it took the worry out of renewal.",
                "which makes me trust the organisation more.",
                "so it feels part of the job rather than extra.",
                "and newer staff have found it reassuring.",
                "and I would like it to continue.",
            ],
            ["", "Thank you.", "", "Please keep doing this."],
        ),
    },
    8: {
        WORRIED: (
            [
                "I took a student on top of a full caseload with no reduction in work",
                "relationships with health partners are strained",
                "the police and schools often do not share information in time",
                "joint meetings with partners are regularly cancelled",
                "there is no real link with the university any more",
                "practice educators are not given time for the role",
            ],
            [
                "and it slows everything down.",
                "so the student did not get the experience they deserved.",
                "which puts families at risk.",
                "and we end up repeating the same conversations.",
                "so fewer people volunteer to do it.",
            ],
            ["", "Protected time for practice educators would help.", "A proper partnership forum would help.", ""],
        ),
        POSITIVE: (
            [
                "having students in the team brings fresh ideas",
                "joint work with the university has helped keep our practice up to date",
                "our links with health colleagues have improved a lot",
                "the multi-agency meetings are well chaired and focused",
                "the support for practice educators is good",
                "the new information-sharing agreement with schools is working",
            ],
            [
                "and it benefits the whole team.",
                "which makes joint work much smoother.",
                "and families get a more joined-up service.",
                "so decisions are made faster.",
                "and I have enjoyed being part of it.",
            ],
            ["", "Please keep it going.", "More of this please.", ""],
        ),
    },
}

# What the struggling team writes about, whatever the standard: duty, caseloads,
# unallocated work and agency turnover.
STRUGGLING = (
    [
        "duty is relentless and the contacts never stop",
        "there are children on the unallocated list who have not been seen for weeks",
        "my caseload has been over thirty for most of the year",
        "we have had four agency workers come and go in the last year",
        "the MASH is short of staff every single day",
        "we are covering duty on top of full caseloads",
        "unallocated work is reviewed on paper but nobody has time to visit",
        "half the team are on agency contracts and leave at short notice",
    ],
    [
        "and I honestly worry that a child will come to harm.",
        "which means every day is spent firefighting.",
        "and the permanent staff are exhausted.",
        "so the same referrals come back again and again.",
        "and people are going off sick with stress.",
        "and nobody above team manager seems to see it.",
    ],
    [
        "",
        "We need more permanent social workers, not more plans.",
        "Please look at the duty rota as a matter of urgency.",
        "Someone senior needs to sit with us on duty for a day.",
        "A cap on caseloads would help us keep people.",
    ],
)

# What the well-supported team writes about: good supervision, a visible manager, training.
WELL_SUPPORTED = (
    [
        "supervision is regular, reflective and never cancelled",
        "our manager is visible, in the office most days and always makes time",
        "training is protected and nobody is pulled out of it for cover",
        "the team manager knows every case and every worker",
        "the training plan we agreed at appraisal has actually happened",
        "our manager sits in on difficult visits when we ask",
    ],
    [
        "and it is the reason I have stayed.",
        "so I feel safe to ask for help.",
        "which makes a demanding job manageable.",
        "and newer colleagues settle in quickly.",
        "and it shows in how we work with families.",
    ],
    ["", "Thank you.", "Other teams deserve the same.", "Please do not change what is working."],
)


def compose(rng: random.Random, standard: int, tone: str, team_kind: str = "") -> str:
    """One comment for the standard in the tone given; team_kind "struggling" or
    "well-supported" draws on what that team writes about."""
    if team_kind == "struggling" and tone == WORRIED and rng.random() < 0.6:
        specifics, consequences, wishes = STRUGGLING
    elif team_kind == "well-supported" and tone == POSITIVE and rng.random() < 0.6:
        specifics, consequences, wishes = WELL_SUPPORTED
    else:
        specifics, consequences, wishes = FRAGMENTS[standard][tone]
    sentence = f"{rng.choice(OPENINGS[tone])}{rng.choice(specifics)} {rng.choice(consequences)}"
    wish = rng.choice(wishes)
    text = f"{sentence} {wish}".strip()
    return text[0].upper() + text[1:]


# (cycle: "last" or "this" year, team, standard, text, decision for last year's review: a
# decision, the words removed or the reason for hiding). Each goes to the first response of
# its team.
PLANTED = [
    (
        "last",
        "Front Door and MASH",
        3,
        "Duty is unmanageable. Contact me at k.bennett@northfield.example and I can show you the unallocated list.",
        ("redacted", "k.bennett@northfield.example"),
    ),
    (
        "last",
        "Adults Locality South",
        4,
        "Ring 01632 960118 and ask anyone in our office what the lone working checks are really like.",
        ("hidden", "Gives a phone number that points to one office"),
    ),
    (
        "last",
        "Children in Care",
        5,
        "Supervision with my manager Tom Whitfield is the best hour of my month.",
        ("kept", ""),
    ),
    (
        "last",
        "Disabled Children and Transitions",
        1,
        "The Head of Service came to our team meeting in the spring and actually listened.",
        ("kept", ""),
    ),
    (
        "this",
        "Front Door and MASH",
        3,
        "Please ring me on 07700 900461 if the steering group wants real examples of unallocated work on duty.",
        None,
    ),
    (
        "this",
        "Child Protection East",
        5,
        "My manager Sarah Jenkins has cancelled supervision four months running and nobody seems to notice.",
        None,
    ),
    (
        "this",
        "Adults Locality North",
        1,
        "I emailed j.okafor@northfield.example about the restructure twice and never heard back.",
        None,
    ),
    (
        "this",
        "Hospital Discharge",
        2,
        "The AMHP rota lead is carrying the whole rota on her own and it is not sustainable.",
        None,
    ),
]

EXTRA_RESPONSIBILITIES = [
    "Chairing the team's practice development group.",
    "Representing the team on the service's wellbeing group.",
    "Covering the duty rota for a colleague on long-term leave.",
    "Leading the team's work on the new assessment forms.",
    "Mentoring two newly qualified social workers.",
    "Taking the lead on the team's audit actions.",
]
