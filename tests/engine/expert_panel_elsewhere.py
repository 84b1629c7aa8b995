"""The expert panel's profiles with customers in the Americas, Europe or Israel, alone or with Asia
(tests/engine/expert_panel.py)."""

from __future__ import annotations

from tests.engine.panel_groups import CONTINENTAL_EU, JAPAN, US

# (name, profile, acceptable answers, reason)
ELSEWHERE: list[tuple[str, dict, tuple[str, ...], str]] = [
    (
        "seed robotics for Chinese factories",
        {
            "sector": "robotics",
            "stage": "seed",
            "customer_type": "manufacturers",
            "markets": {"CN": 80, "US": 20},
        },
        ("shenzhen",),
        "Seed 001: the customers and the hardware supply chain are in the Pearl River Delta; "
        "Shenzhen is where a robotics startup iterates within 100 km of both.",
    ),
    (
        "growth enterprise software for the US",
        {
            "sector": "enterprise_software",
            "stage": "growth",
            "customer_type": "enterprises",
            "markets": {"US": 100},
        },
        ("sf-bay-area", "new-york"),
        "Seed 000: growth rounds and enterprise buyers; the Bay Area's capital depth, or New York's "
        "concentration of corporate headquarters.",
    ),
    (
        "series A hardware for Japanese manufacturers",
        {
            "sector": "hardware",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"JP": 90, "OTHER": 10},
        },
        JAPAN,
        "Japanese manufacturers buy from vendors who are in Japan; any of the three hubs.",
    ),
    (
        "seed fintech for the US government",
        {
            "sector": "fintech",
            "stage": "seed",
            "customer_type": "government",
            "markets": {"US": 100},
        },
        US,
        "US public buyers require a US entity and often US data hosting: a US base.",
    ),
    (
        "seed industrial software for EU manufacturers",
        {
            "sector": "enterprise_software",
            "stage": "seed",
            "customer_type": "manufacturers",
            "markets": {"EU": 100},
        },
        CONTINENTAL_EU,
        "Europe's factories are mostly in Germany, then France, Italy and the Benelux: a "
        "continental hub near them, not London by default.",
    ),
    (
        "series A fintech for EU enterprises",
        {
            "sector": "fintech",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"EU": 100},
        },
        CONTINENTAL_EU,
        "Since Brexit a UK licence no longer passports into the EU: an EU-licensed base.",
    ),
    (
        "seed cleantech for EU governments",
        {
            "sector": "cleantech",
            "stage": "seed",
            "customer_type": "government",
            "markets": {"EU": 100},
        },
        CONTINENTAL_EU,
        "EU public procurement and EU programmes favour a company established in the Union.",
    ),
    (
        "seed EV batteries for EU carmakers",
        {
            "sector": "ev_batteries",
            "stage": "seed",
            "customer_type": "manufacturers",
            "markets": {"EU": 100},
        },
        CONTINENTAL_EU,
        "European carmakers are in Germany, France and Sweden: a continental base.",
    ),
    (
        "series B enterprise software for European enterprises",
        {
            "sector": "enterprise_software",
            "stage": "series_b",
            "customer_type": "enterprises",
            "markets": {"EU": 100},
        },
        ("london", *CONTINENTAL_EU),
        "Enterprise software needs no licence to sell across Europe: London's capital depth or "
        "a continental hub are both defensible.",
    ),
    (
        "seed biotech for European pharma",
        {
            "sector": "biotech",
            "stage": "seed",
            "customer_type": "enterprises",
            "markets": {"EU": 100},
        },
        ("london", *CONTINENTAL_EU),
        "A European life-sciences hub near pharma partners; licensing deals cross borders.",
    ),
    (
        "series A biotech for US pharma",
        {
            "sector": "biotech",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"US": 100},
        },
        ("boston", "sf-bay-area"),
        "Biotech clusters around research universities and hospitals: Boston-Cambridge first, "
        "the Bay Area second.",
    ),
    (
        "seed medtech for US and European hospitals",
        {
            "sector": "medtech",
            "stage": "seed",
            "customer_type": "enterprises",
            "markets": {"US": 70, "EU": 30},
        },
        ("boston", "sf-bay-area", "new-york"),
        "Most customers are US hospitals and the FDA route comes first: a US hub.",
    ),
    (
        "series A EV batteries for US carmakers",
        {
            "sector": "ev_batteries",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"US": 100},
        },
        US,
        "US content rules for battery credits bind suppliers based in China: a US base.",
    ),
    (
        "series A software for Indian and US enterprises",
        {
            "sector": "enterprise_software",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"IN": 60, "US": 40},
        },
        ("bangalore", "sf-bay-area", "new-york"),
        "Bengaluru's engineering base for the home market, or a US base for the US buyers.",
    ),
    (
        "pre-seed cleantech for US enterprises",
        {
            "sector": "cleantech",
            "stage": "pre_seed",
            "customer_type": "enterprises",
            "markets": {"US": 100},
        },
        US,
        "US buyers and US federal programmes: a US base.",
    ),
    (
        "seed chip design for US customers",
        {
            "sector": "semiconductors",
            "stage": "seed",
            "customer_type": "enterprises",
            "markets": {"US": 100},
        },
        ("sf-bay-area", "boston"),
        "Chip designers, EDA vendors and fabless customers cluster in Silicon Valley.",
    ),
    (
        "series A chips for Taiwanese and US manufacturers",
        {
            "sector": "semiconductors",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"TW": 60, "US": 40},
        },
        ("taipei-hsinchu", "sf-bay-area"),
        "The foundries are in Hsinchu; the fabless customers in Silicon Valley.",
    ),
    (
        "seed consumer hardware for US and Chinese buyers",
        {
            "sector": "hardware",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"US": 60, "CN": 40},
        },
        ("sf-bay-area", "shenzhen"),
        "Design and sell from the Bay Area, or build next to the Shenzhen supply chain.",
    ),
    (
        "pre-seed hardware for Chinese and US manufacturers",
        {
            "sector": "hardware",
            "stage": "pre_seed",
            "customer_type": "manufacturers",
            "markets": {"CN": 50, "US": 50},
        },
        ("shenzhen", "guangzhou", "sf-bay-area"),
        "Prototype cycles are fastest next to Shenzhen's suppliers.",
    ),
    (
        "seed AI for Israeli enterprises",
        {"sector": "ai", "stage": "seed", "customer_type": "enterprises", "markets": {"IL": 100}},
        ("tel-aviv",),
        "Every customer is in Israel: Tel Aviv.",
    ),
    (
        "series A security software for US and Israeli enterprises",
        {
            "sector": "enterprise_software",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"US": 60, "IL": 40},
        },
        ("tel-aviv", "new-york", "sf-bay-area", "boston"),
        "The Israeli model: R&D in Tel Aviv, sales in the US; either base.",
    ),
    (
        "series B consumer app for the US",
        {
            "sector": "consumer_internet",
            "stage": "series_b",
            "customer_type": "consumers",
            "markets": {"US": 100},
        },
        US,
        "US consumers and US growth capital.",
    ),
    (
        "growth AI for US and European enterprises",
        {
            "sector": "ai",
            "stage": "growth",
            "customer_type": "enterprises",
            "markets": {"US": 50, "EU": 50},
        },
        ("sf-bay-area", "new-york", "london", "boston"),
        "Late-stage AI capital is in the Bay Area; London or New York bridge both markets.",
    ),
    (
        "growth robotics for US manufacturers",
        {
            "sector": "robotics",
            "stage": "growth",
            "customer_type": "manufacturers",
            "markets": {"US": 100},
        },
        US,
        "US factories buy from US-based vendors; Boston and the Bay Area lead US robotics.",
    ),
    (
        "seed enterprise software for Canada",
        {
            "sector": "enterprise_software",
            "stage": "seed",
            "customer_type": "enterprises",
            "markets": {"CA": 100},
        },
        ("toronto",),
        "Canadian enterprises are headquartered in Toronto.",
    ),
    (
        "pre-seed AI for Canadian enterprises",
        {
            "sector": "ai",
            "stage": "pre_seed",
            "customer_type": "enterprises",
            "markets": {"CA": 100},
        },
        ("toronto",),
        "Its customers are Canadian, and a Canadian-controlled company gets SR&ED's refundable "
        "credit in cash from its first R&D spending; New York's SBIR money needs US owners.",
    ),
    (
        "series A AI for Japanese and US enterprises",
        {
            "sector": "ai",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"JP": 70, "US": 30},
        },
        ("tokyo",),
        "Most buyers are Japanese enterprises, headquartered in Tokyo.",
    ),
    (
        "pre-seed AI for US enterprises",
        {
            "sector": "ai",
            "stage": "pre_seed",
            "customer_type": "enterprises",
            "markets": {"US": 100},
        },
        US,
        "US buyers and the deepest pre-seed AI capital.",
    ),
    (
        "pre-seed biotech, US founders, US pharma",
        {
            "sector": "biotech",
            "stage": "pre_seed",
            "customer_type": "enterprises",
            "markets": {"US": 100},
            "founder_nationality": "US",
        },
        ("boston", "sf-bay-area"),
        "US founders can bank SBIR money; Boston and the Bay Area are the biotech clusters.",
    ),
    (
        "seed software for European and US enterprises",
        {
            "sector": "enterprise_software",
            "stage": "seed",
            "customer_type": "enterprises",
            "markets": {"EU": 60, "US": 40},
        },
        ("london", *CONTINENTAL_EU, "new-york"),
        "A European base that overlaps US hours, or New York.",
    ),
    (
        "series B robotics for EU factories",
        {
            "sector": "robotics",
            "stage": "series_b",
            "customer_type": "manufacturers",
            "markets": {"EU": 100},
        },
        ("munich",),
        "Germany makes a third of the EU's and UK's manufacturing value added and Bavaria and "
        "Baden-Wuerttemberg two fifths of Germany's industry: a robotics vendor to European "
        "factories sits in that belt, and Munich is in it (Paris and Berlin are service economies).",
    ),
    (
        "seed fintech for the US federal government",
        {
            "sector": "fintech",
            "stage": "seed",
            "customer_type": "government",
            "markets": {"US": 100},
        },
        ("new-york", "sf-bay-area"),
        "Federal buyers sit in and around Washington, which no region covers: New York is nearest "
        "them and the fintech capital, the Bay Area the deepest capital; Boston only hosts "
        "Massachusetts' government, 3% of the US economy.",
    ),
    (
        "seed AI for European governments",
        {
            "sector": "ai",
            "stage": "seed",
            "customer_type": "government",
            "markets": {"EU": 100},
        },
        ("berlin", "paris"),
        "Public buyers in the single market are its member governments, the German and French "
        "the largest: their capitals are where a govtech startup sells, inside EU procurement "
        "(London is outside it).",
    ),
    (
        "seed consumer fintech for Dutch households only",
        {
            "sector": "fintech",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"NL": 100},
        },
        ("amsterdam",),
        "Retail finance is licensed and sold country by country (the Dutch central bank, iDEAL "
        "payments, support in Dutch): a startup whose customers are all Dutch sits in Amsterdam, "
        "the Netherlands' fintech centre, not in Berlin or London.",
    ),
    (
        "series A enterprise software for Swedish companies only",
        {
            "sector": "enterprise_software",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"SE": 100},
        },
        ("stockholm",),
        "Sweden's large companies are headquartered in and around Stockholm, and enterprise sales "
        "are made in person and in Swedish: no other region is inside the market.",
    ),
    (
        "series A robotics for German factories only",
        {
            "sector": "robotics",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"DE": 100},
        },
        ("munich",),
        "Germany's industry sits in the south and west (Bavaria and Baden-Wuerttemberg alone make "
        "two fifths of it): a robotics vendor to German factories is based in that belt, which "
        "Munich is in and Berlin is not.",
    ),
    (
        "seed enterprise software for the French state",
        {
            "sector": "enterprise_software",
            "stage": "seed",
            "customer_type": "government",
            "markets": {"FR": 100},
        },
        ("paris",),
        "The French state buys from Paris, in French, and Paris is the only region in France.",
    ),
    (
        "series A consumer internet for British consumers only",
        {
            "sector": "consumer_internet",
            "stage": "series_a",
            "customer_type": "consumers",
            "markets": {"GB": 100},
        },
        ("london",),
        "A British-only consumer product is built where its customers, its regulator and the "
        "country's deepest venture market are: London.",
    ),
    (
        "cost-conscious pre-seed biotech for Japanese pharma",
        {
            "sector": "biotech",
            "stage": "pre_seed",
            "customer_type": "manufacturers",
            "markets": {"JP": 100},
            "weights": {"cost": 2.0},
        },
        ("osaka", "tokyo"),
        "Japan's drug makers grew up in Osaka's Doshomachi and the Osaka-Kobe area keeps a life "
        "science cluster (Nakanoshima Qross, Kobe's biomedical campus) at lower pay and rent than "
        "Tokyo: for a founder counting every yen either is sound; nowhere outside Japan is.",
    ),
]
