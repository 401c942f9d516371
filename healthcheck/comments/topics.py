"""Other topics: comments no theme catches, grouped without supervision (TF-IDF and NMF from
scikit-learn, on this server) and named by their three commonest words.

The same comments give the same topics, in any order: the texts are sorted first, and NMF
starts from a fixed seed and a deterministic initialisation."""

from __future__ import annotations

import dataclasses
import warnings

# A topic needs at least this many comments; fewer stay "not grouped".
MIN_TOPIC_SIZE = 5
# One topic for about every this many ungrouped comments, between 1 and MAX_TOPICS.
COMMENTS_PER_TOPIC = 25
MAX_TOPICS = 8
NAME_WORDS = 3
SEED = 0
# Words of two or more letters; numbers and single letters say nothing about a topic.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"


@dataclasses.dataclass(frozen=True)
class Topic:
    words: tuple[str, ...]  # its top words, the first three naming it
    members: tuple[int, ...]  # positions of its comments in the texts given

    @property
    def name(self) -> str:
        return ", ".join(self.words[:NAME_WORDS])


def topic_count(comments: int) -> int:
    return max(1, min(MAX_TOPICS, comments // COMMENTS_PER_TOPIC))


def other_topics(texts: list[str], min_size: int = MIN_TOPIC_SIZE) -> list[Topic]:
    """Topics of at least min_size comments, largest first; a comment is in at most one."""
    if len(texts) < min_size:
        return []
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    order = sorted(range(len(texts)), key=lambda index: (texts[index], index))
    vectorizer = TfidfVectorizer(
        stop_words="english", token_pattern=TOKEN_PATTERN, min_df=2, max_df=0.95, sublinear_tf=True
    )
    try:
        matrix = vectorizer.fit_transform([texts[index] for index in order])
    except ValueError:  # no word appears in two comments: nothing to group by
        return []
    vocabulary = vectorizer.get_feature_names_out()
    components = min(topic_count(len(texts)), matrix.shape[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a stopped-early NMF still groups sensibly
        model = NMF(n_components=components, init="nndsvd", random_state=SEED, max_iter=300)
        weights = model.fit_transform(matrix)
    best = weights.argmax(axis=1)
    strongest = weights.max(axis=1)
    members: dict[int, list[int]] = {}
    for row, original in enumerate(order):
        if strongest[row] > 0:
            members.setdefault(int(best[row]), []).append(original)
    topics = []
    for component, found in members.items():
        if len(found) < min_size:
            continue
        loadings = model.components_[component]
        ranked = sorted(range(len(vocabulary)), key=lambda term: (-loadings[term], vocabulary[term]))
        words = tuple(str(vocabulary[term]) for term in ranked[:NAME_WORDS] if loadings[term] > 0)
        topics.append(Topic(words, tuple(sorted(found))))
    topics.sort(key=lambda topic: (-len(topic.members), topic.name))
    return topics
