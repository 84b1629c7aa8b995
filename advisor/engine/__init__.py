"""The decision engine: pure pandas/numpy, no Django.

model = prepare(dataset)              # once per dataset version (cached)
result = recommend(model, profile)    # one profile -> the JSON-ready recommendation
results = recommend_many(model, profiles)  # the same for many, in one vectorised call
scores = score(model, profiles)       # many profiles, vectorised
"""

from advisor.engine.dataset import Dataset
from advisor.engine.errors import InvalidDataset, InvalidInput
from advisor.engine.model import Model, prepare
from advisor.engine.profiles import (
    Profile,
    ProfileArrays,
    parse_profile,
    parse_table,
    profile_problems,
)
from advisor.engine.scoring import Scores, recommend, recommend_many, score, score_table
from advisor.engine.version import ENGINE_VERSION

__all__ = [
    "ENGINE_VERSION",
    "Dataset",
    "InvalidDataset",
    "InvalidInput",
    "Model",
    "Profile",
    "ProfileArrays",
    "Scores",
    "parse_profile",
    "parse_table",
    "prepare",
    "profile_problems",
    "recommend",
    "recommend_many",
    "score",
    "score_table",
]
