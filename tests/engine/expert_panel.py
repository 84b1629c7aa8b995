"""The expert panel: profiles a site-selection adviser would answer the same way, with the set of
answers they would sign and why, written from the seeds, the sources and how advisers argue
(customers first, then money the startup can bank, then the rules that bind it) before the engine's
output was looked at. If the engine leaves a set, the model or the data is wrong, not the panel.
"""

from __future__ import annotations

MAINLAND = ("shenzhen", "beijing", "shanghai", "hangzhou", "guangzhou")
JAPAN = ("tokyo", "osaka", "nagoya")
US = ("sf-bay-area", "boston", "new-york")
CONTINENTAL_EU = ("berlin", "munich", "paris", "amsterdam", "stockholm")
SEA = ("singapore", "jakarta", "ho-chi-minh-city", "bangkok")

# (name, profile, acceptable answers, reason)
PANEL: list[tuple[str, dict, tuple[str, ...], str]] = [
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
]
