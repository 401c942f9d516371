"""Free-text comments for the demo's synthetic answers: the kind practitioners write, naming nobody."""

COMMENTS = {
    1: {
        "worried": [
            "Team meetings keep getting cancelled for duty cover, so we never get to raise anything.",
            "Senior managers feel very distant. We hear about decisions after they have been made.",
            "Nobody seems clear who makes decisions on complex cases since the restructure.",
        ],
        "positive": [
            "Our team meetings are well run and I feel able to put things on the agenda.",
            "The principal social worker's practice forums have made a real difference.",
            "Senior managers have come to our team meetings this year, which was appreciated.",
        ],
    },
    2: {
        "worried": [
            "Too much of my week goes on chasing paperwork and booking things an admin could do.",
            "We have relied on agency staff for over a year and the turnover is unsettling for families.",
            "Vacancies are not filled quickly enough and the rest of us absorb the work.",
        ],
        "positive": [
            "The new business support officer has freed up a lot of my time for direct work.",
            "It is good to see newly qualified staff being recruited and properly supported.",
        ],
    },
    3: {
        "worried": [
            "My caseload has been well over what is manageable for months and I work most evenings.",
            "I cannot take the TOIL I am owed because there is never a quiet week.",
            "Cases wait too long at the transfer point between teams and families fall through the gaps.",
            "Visits get cancelled every week because something more urgent comes in.",
        ],
        "positive": [
            "Caseloads are monitored in supervision and my manager acts when they creep up.",
            "Allocation is fair and transparent in our team.",
            "I am able to take my leave when I need it.",
        ],
    },
    4: {
        "worried": [
            "The IT system crashes regularly and recording takes twice as long as it should.",
            "There is nowhere private to make sensitive phone calls in the office.",
            "Lone working check-ins are not followed up when people are late back.",
            "The stress is affecting my sleep and I know colleagues who feel the same.",
        ],
        "positive": [
            "The laptops and phones we were given make mobile working much easier.",
            "I used the employee assistance programme this year and found it helpful.",
            "My manager notices when I am struggling and helps me to prioritise.",
        ],
    },
    5: {
        "worried": [
            "Supervision is cancelled more often than it happens, and when it does it is all case management.",
            "I have not had reflective supervision for months.",
            "Supervision is rushed and there is no time to think about my own development.",
        ],
        "positive": [
            "Supervision is regular and I get space to reflect as well as talk about cases.",
            "Group supervision has been a good addition to one-to-one supervision.",
        ],
    },
    6: {
        "worried": [
            "Training is booked and then cancelled because of work pressures.",
            "There is no protected time to read research, so it never happens.",
            "My appraisal was a tick-box exercise and did not lead to any development.",
        ],
        "positive": [
            "I have been supported to do a post-qualifying course this year.",
            "The research library access has been really useful for court work.",
            "My appraisal helped me plan my next steps.",
        ],
    },
    7: {
        "worried": [
            "I record my CPD in my own time because there is none during the working week.",
            "I am not confident raising a concern would be taken seriously.",
        ],
        "positive": [
            "The CPD sessions on Social Work England's standards were useful.",
            "I feel able to raise concerns and have seen them acted on.",
        ],
    },
    8: {
        "worried": [
            "I took a student on top of a full caseload with no reduction in work.",
            "Relationships with health partners are strained and it slows everything down.",
        ],
        "positive": [
            "Having students in the team brings fresh ideas and the support for practice educators is good.",
            "Joint work with the university has helped keep our practice up to date.",
        ],
    },
}

EXTRA_RESPONSIBILITIES = [
    "Chairing the team's practice development group.",
    "Representing the team on the service's wellbeing group.",
    "Covering the duty rota for a colleague on long-term leave.",
]
