"""What the seed article (the 2017 SBS page) must and must not hold: shared by its tests."""

SEED_PATH = "archiver/demo/site/news/article/russia-no-concrete-fact-chechnya.html"
SEED_PARAGRAPHS = [
    "Russia’s foreign minister says there is no proof that human rights violations",
    "Sergei Lavrov addressed journalists in Moscow",
    "We don’t see one concrete fact",
    "If there are facts, if there are surnames",
    "Lavrov’s statements are in sharp contrast",
    "A recent report by Human Rights Watch documents the purge",
    "The report calls on President Vladimir Putin",
    "France welcomed its first gay refugee from Chechnya",
    "Joël Deumier added that Russia was turning a blind eye",
    "We can no longer accept this discourse of denial from Russia against gay people",
]
TEASERS = ["Short film depicts", "Unchechen", "Gaycation", "SBS On Demand"]
