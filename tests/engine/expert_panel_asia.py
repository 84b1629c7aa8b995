"""The expert panel's profiles whose customers are all in Asia (tests/engine/expert_panel.py)."""

from __future__ import annotations

from tests.engine.panel_groups import JAPAN, MAINLAND, SEA

# (name, profile, acceptable answers, reason)
ASIA: list[tuple[str, dict, tuple[str, ...], str]] = [
    (
        "series A AI for Chinese enterprises",
        {
            "sector": "ai",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"CN": 100},
        },
        ("beijing", "shanghai", "hangzhou"),
        "Seed 002: Beijing leads mainland China on AI talent and venture capital; Shanghai and "
        "Hangzhou are the other AI hubs with enterprise buyers.",
    ),
    (
        "seed AI for Chinese enterprises",
        {"sector": "ai", "stage": "seed", "customer_type": "enterprises", "markets": {"CN": 100}},
        ("beijing", "shanghai", "hangzhou", "shenzhen"),
        "All the customers are Chinese enterprises: a mainland AI hub, never London.",
    ),
    (
        "seed consumer app for South-East Asia",
        {
            "sector": "consumer_internet",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"SEA": 100},
        },
        SEA,
        "Every customer is in South-East Asia: Singapore as the regional base, or the largest "
        "consumer markets themselves; London is 10,000 km away.",
    ),
    (
        "seed e-commerce for South-East Asia",
        {
            "sector": "ecommerce",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"SEA": 100},
        },
        SEA,
        "Logistics and marketing are local: a South-East Asian base.",
    ),
    (
        "seed consumer games for Korea",
        {"sector": "gaming", "stage": "seed", "customer_type": "consumers", "markets": {"KR": 100}},
        ("seoul",),
        "Korean players, Korean publishers and Korean-language live operations: Seoul, not "
        "Bengaluru.",
    ),
    (
        "series A chips for the Chinese government",
        {
            "sector": "semiconductors",
            "stage": "series_a",
            "customer_type": "government",
            "markets": {"CN": 100},
        },
        MAINLAND,
        "Chinese public buyers favour domestic suppliers; selling chips into China from Seoul "
        "meets US export controls too, so Seoul buys no safety.",
    ),
    (
        "series B EV batteries for Chinese carmakers",
        {
            "sector": "ev_batteries",
            "stage": "series_b",
            "customer_type": "manufacturers",
            "markets": {"CN": 100},
        },
        ("shenzhen", "shanghai", "guangzhou", "hangzhou"),
        "Battery makers sit next to the carmakers who audit them: the Pearl River or Yangtze "
        "River Delta.",
    ),
    (
        "series A robotics for Japanese carmakers",
        {
            "sector": "robotics",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"JP": 100},
        },
        JAPAN,
        "Japanese manufacturers, automotive ones in Aichi above all: a Japanese base.",
    ),
    (
        "seed consumer fintech for India",
        {
            "sector": "fintech",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"IN": 100},
        },
        ("bangalore",),
        "Indian payments and lending need an Indian licence and Indian data storage.",
    ),
    (
        "seed consumer app for Japan",
        {
            "sector": "consumer_internet",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"JP": 100},
        },
        ("tokyo", "osaka"),
        "A Japanese-language consumer product is built in Japan.",
    ),
    (
        "seed games for Japan",
        {"sector": "gaming", "stage": "seed", "customer_type": "consumers", "markets": {"JP": 100}},
        ("tokyo", "osaka"),
        "Japanese publishers and players: Tokyo, or Osaka.",
    ),
    (
        "series A chip equipment for Taiwanese fabs",
        {
            "sector": "semiconductors",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"TW": 100},
        },
        ("taipei-hsinchu",),
        "Every customer is a Taiwanese fab: Hsinchu.",
    ),
    (
        "seed games for China",
        {"sector": "gaming", "stage": "seed", "customer_type": "consumers", "markets": {"CN": 100}},
        MAINLAND,
        "A game for Chinese players needs an NPPA licence through a Chinese publisher.",
    ),
    (
        "series A e-commerce for China",
        {
            "sector": "ecommerce",
            "stage": "series_a",
            "customer_type": "consumers",
            "markets": {"CN": 100},
        },
        MAINLAND,
        "Chinese consumers, Chinese platforms and logistics: a mainland city.",
    ),
    (
        "seed consumer AI for China, Chinese founders",
        {
            "sector": "ai",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"CN": 100},
            "founder_nationality": "CN",
        },
        MAINLAND,
        "Chinese founders, Chinese users: a mainland AI hub.",
    ),
    (
        "series A fintech for South-East Asian consumers",
        {
            "sector": "fintech",
            "stage": "series_a",
            "customer_type": "consumers",
            "markets": {"SEA": 100},
        },
        SEA,
        "Payments licences are national in South-East Asia: Singapore or a large home market.",
    ),
    (
        "seed medtech for Japanese public hospitals",
        {
            "sector": "medtech",
            "stage": "seed",
            "customer_type": "government",
            "markets": {"JP": 100},
        },
        JAPAN,
        "Public hospitals buy from Japanese entities with PMDA approval.",
    ),
    (
        "seed fintech for Hong Kong enterprises",
        {
            "sector": "fintech",
            "stage": "seed",
            "customer_type": "enterprises",
            "markets": {"HK": 100},
        },
        ("hong-kong",),
        "Hong Kong's financial licences and its banks are in Hong Kong.",
    ),
    (
        "seed consumer app for Taiwan",
        {
            "sector": "consumer_internet",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"TW": 100},
        },
        ("taipei-hsinchu",),
        "Every user is in Taiwan: Taipei.",
    ),
    (
        "seed software for the Korean government",
        {
            "sector": "enterprise_software",
            "stage": "seed",
            "customer_type": "government",
            "markets": {"KR": 100},
        },
        ("seoul",),
        "Korean public buyers need a Korean entity; the ministries are in the capital area.",
    ),
    (
        "series A robotics for Korean manufacturers",
        {
            "sector": "robotics",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"KR": 100},
        },
        ("seoul",),
        "Korean manufacturers buy from vendors in Korea.",
    ),
    (
        "series A hardware for South-East Asian factories",
        {
            "sector": "hardware",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"SEA": 100},
        },
        SEA,
        "The factories moving out of China are in Vietnam, Thailand and Indonesia.",
    ),
    (
        "pre-seed consumer app, Singaporean founders, South-East Asia",
        {
            "sector": "consumer_internet",
            "stage": "pre_seed",
            "customer_type": "consumers",
            "markets": {"SEA": 100},
            "founder_nationality": "SG",
        },
        SEA,
        "Startup SG Founder is open to them; their customers are in the region.",
    ),
    (
        "series A cleantech for Chinese manufacturers",
        {
            "sector": "cleantech",
            "stage": "series_a",
            "customer_type": "manufacturers",
            "markets": {"CN": 100},
        },
        MAINLAND,
        "Chinese manufacturers buy from vendors in China.",
    ),
    (
        "seed consumer app for Thailand",
        {
            "sector": "consumer_internet",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"TH": 100},
        },
        ("bangkok",),
        "Thai consumers, Thai language, Thai payments and a Thai company for the app stores and "
        "PDPA: Bangkok.",
    ),
    (
        "seed hardware for Thai factories",
        {
            "sector": "hardware",
            "stage": "seed",
            "customer_type": "manufacturers",
            "markets": {"TH": 100},
        },
        ("bangkok",),
        "Thailand's factories (the car and electronics plants of Bangkok and the Eastern "
        "Seaboard) want a vendor a drive away, and Bangkok's costs suit a seed company.",
    ),
    (
        "series A fintech for Vietnamese consumers",
        {
            "sector": "fintech",
            "stage": "series_a",
            "customer_type": "consumers",
            "markets": {"VN": 100},
        },
        ("ho-chi-minh-city",),
        "Payments in Vietnam need a State Bank of Vietnam licence and a local company; Ho Chi Minh "
        "City is the country's commercial and fintech centre.",
    ),
    (
        "seed e-commerce for Indonesia",
        {
            "sector": "ecommerce",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"ID": 100},
        },
        ("jakarta",),
        "Indonesian consumers, logistics and e-commerce rules (a local entity to sell and hold "
        "data): Jakarta, where Tokopedia and Bukalapak grew.",
    ),
    (
        "pre-seed robotics for Vietnamese factories",
        {
            "sector": "robotics",
            "stage": "pre_seed",
            "customer_type": "manufacturers",
            "markets": {"VN": 100},
        },
        ("ho-chi-minh-city", "singapore"),
        "The factories are in and around Ho Chi Minh City; a pre-seed team lives cheaply next to "
        "them, or raises its first money in Singapore next door.",
    ),
    (
        "pre-seed e-commerce software for Chinese merchants",
        {
            "sector": "ecommerce",
            "stage": "pre_seed",
            "customer_type": "enterprises",
            "markets": {"CN": 100},
        },
        ("hangzhou", "shanghai", "beijing"),
        "Alibaba's home city, where the merchants' platforms and their engineers are, or the two "
        "largest capital markets; not the hardware cities of the Pearl River Delta.",
    ),
    (
        "growth AI for the Thai government",
        {"sector": "ai", "stage": "growth", "customer_type": "government", "markets": {"TH": 100}},
        ("bangkok",),
        "Thai ministries buy from Thai SMEs and Thai-made products first (Procurement Act 2017 and "
        "its 2020 rules) and Thailand has not signed the WTO procurement agreement: a base in "
        "Bangkok, however deep the Bay Area's capital.",
    ),
    (
        "series A chips for the Chinese government",
        {
            "sector": "semiconductors",
            "stage": "series_a",
            "customer_type": "government",
            "markets": {"CN": 100},
        },
        MAINLAND,
        "Chinese public buyers buy domestic products (Government Procurement Law, Art. 10), which "
        "foreign suppliers in practice cannot bid for: a mainland city, never Seoul.",
    ),
    (
        "seed software for the Indian government",
        {
            "sector": "enterprise_software",
            "stage": "seed",
            "customer_type": "government",
            "markets": {"IN": 100},
        },
        ("bangalore",),
        "Indian tenders go to suppliers with Indian local content (Make in India order): software "
        "built in India, and Bengaluru is where India's software engineers are.",
    ),
]
