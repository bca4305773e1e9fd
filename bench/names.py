"""Word pools for the synthetic benchmark data (bench/generate.py): names, topics, phrases.

Kept apart from the generator so that its code stays short; nothing here is random, the
generator draws from these lists with its own seeded random number generator.
"""

STATES = [
    "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bahrain", "Bangladesh", "Belarus", "Belgium", "Bolivia", "Bosnia and Herzegovina",
    "Brazil", "Bulgaria", "Burkina Faso", "Cambodia", "Cameroon", "Canada", "Chad", "Chile", "China",
    "Colombia", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Djibouti", "Egypt", "Eritrea",
    "Estonia", "Ethiopia", "Finland", "France", "Georgia", "Germany", "Ghana", "Greece", "Hungary",
    "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Japan", "Jordan",
    "Kazakhstan", "Kenya", "Kosovo", "Kuwait", "Kyrgyzstan", "Latvia", "Lebanon", "Libya",
    "Lithuania", "Mali", "Mexico", "Moldova", "Mongolia", "Montenegro", "Morocco", "Mozambique",
    "Myanmar", "Nepal", "Netherlands", "Niger", "Nigeria", "North Korea", "North Macedonia", "Norway",
    "Oman", "Pakistan", "Palestine", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania",
    "Russia", "Rwanda", "Saudi Arabia", "Senegal", "Serbia", "Slovakia", "Slovenia", "Somalia",
    "South Africa", "South Korea", "South Sudan", "Spain", "Sudan", "Sweden", "Switzerland", "Syria",
    "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Tunisia", "Turkey", "Turkmenistan", "Uganda",
    "Ukraine", "United Arab Emirates", "United Kingdom", "United States", "Uzbekistan", "Venezuela",
    "Vietnam", "Yemen", "Zambia", "Zimbabwe",
]

ORGANISATIONS = [
    ("United Nations", "UN"), ("North Atlantic Treaty Organization", "NATO"), ("European Union", "EU"),
    ("African Union", "AU"), ("Organization for Security and Co-operation in Europe", "OSCE"),
    ("Association of Southeast Asian Nations", "ASEAN"), ("International Atomic Energy Agency", "IAEA"),
    ("International Committee of the Red Cross", "ICRC"), ("Arab League", "LAS"),
    ("Gulf Cooperation Council", "GCC"), ("Economic Community of West African States", "ECOWAS"),
    ("Intergovernmental Authority on Development", "IGAD"), ("Shanghai Cooperation Organisation", "SCO"),
    ("Collective Security Treaty Organization", "CSTO"), ("Organisation of Islamic Cooperation", "OIC"),
    ("World Trade Organization", "WTO"), ("International Monetary Fund", "IMF"), ("World Bank", "WB"),
    ("Council of Europe", "CoE"), ("Group of Seven", "G7"), ("Group of Twenty", "G20"),
    ("Southern African Development Community", "SADC"), ("Mercosur", "Mercosur"),
    ("Organization of American States", "OAS"), ("UN Security Council", "UNSC"),
    ("UN High Commissioner for Refugees", "UNHCR"), ("World Health Organization", "WHO"),
    ("International Criminal Court", "ICC"), ("Nordic Council", "NC"), ("Visegrad Group", "V4"),
]

#: Collective actors that act on behalf of a state (prov:actedOnBehalfOf), as in the sample.
COLLECTIVES = ["Senior officials in {}", "The delegation of {}", "The armed forces of {}",
               "The negotiating team of {}", "Security services of {}"]

FIRST_NAMES = [
    "Anna", "Boris", "Carlos", "Dmitry", "Elena", "Farid", "Gabriela", "Hassan", "Irina", "Jamal",
    "Karin", "Luis", "Maria", "Nikolai", "Olga", "Pedro", "Qin", "Rania", "Sergei", "Tomas", "Ulla",
    "Viktor", "Wang", "Xavier", "Yusuf", "Zainab", "Ahmed", "Brigitte", "Chen", "Dalia", "Emre",
    "Fatima", "Giorgi", "Hiroshi", "Ivan", "Julia", "Kemal", "Leila", "Mikhail", "Nadia",
]
LAST_NAMES = [
    "Ivanova", "Petrov", "Garcia", "Haddad", "Kowalski", "Nguyen", "Okafor", "Schmidt", "Tanaka",
    "Yilmaz", "Rahman", "Moreau", "Rossi", "Novak", "Lindqvist", "Mensah", "Dubois", "Kuznetsov",
    "Santos", "Horvath", "Popescu", "Andersen", "Abdullah", "Fischer", "Kaya", "Lopez", "Markovic",
    "Sato", "Wei", "Zhou", "Bakr", "Costa", "Demir", "Eriksen", "Farah", "Gallo", "Hakimi", "Jansen",
]
ROLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister", "spokesperson",
         "chief negotiator", "ambassador to the UN", "national security adviser", "special envoy"]

TOPICS = [
    "Ceasefire", "Peace process", "Prisoner exchange", "Humanitarian corridors", "Sanctions relief",
    "Nuclear programme", "Arms control", "Border demarcation", "Grain exports", "Energy supplies",
    "Gas transit", "Refugee returns", "War crimes accountability", "Reconstruction funding",
    "Security guarantees", "Troop withdrawal", "Peacekeeping mission", "Elections", "Constitutional reform",
    "Autonomy for the regions", "Maritime boundaries", "Trade agreement", "Tariffs", "Debt restructuring",
    "Water sharing", "Demining", "Release of hostages", "Missile deployments", "Military exercises",
    "Alliance membership", "Frozen assets", "Port access", "Airspace closure", "Cyber attacks",
    "Minority rights", "Language law", "Disarmament of militias", "Transitional justice",
    "Climate finance", "Visa regime",
]

OUTLETS = ["Reuters", "Associated Press", "Agence France-Presse", "BBC News", "Al Jazeera", "TASS",
           "Ukrinform", "Xinhua", "Kyodo News", "Anadolu Agency", "Deutsche Welle", "Le Monde",
           "El Pais", "The Guardian", "Politico", "The New York Times", "Financial Times",
           "Interfax", "Yonhap", "Tin Tuc Newspaper", "Euronews", "RFE/RL", "Bloomberg", "NHK",
           "The Hindu", "Daily Nation", "Arab News", "Dawn", "Kathimerini", "Haaretz"]

#: The 11 statement classes with their weights: speech acts are more common than events.
KINDS = {"Position": 18, "Assessment": 12, "Proposal": 10, "Demand": 9, "Rejection": 8,
         "Acceptance": 6, "Meeting": 12, "Call": 8, "Visit": 6, "Agreement": 4, "MilitaryEvent": 7}
EVENT_KINDS = {"Meeting", "Call", "Visit", "Agreement", "MilitaryEvent"}

VERBS = {"Position": "says", "Assessment": "assesses", "Proposal": "proposes", "Demand": "demands",
         "Rejection": "rejects", "Acceptance": "accepts", "Meeting": "meets", "Call": "calls",
         "Visit": "visits", "Agreement": "agrees", "MilitaryEvent": "reports fighting"}

#: Fragments a quote is assembled from, per language.
QUOTE_PARTS = {
    "en": [
        "We are ready to discuss the terms of a lasting settlement",
        "our government will not accept any proposal that ignores the facts on the ground",
        "the delegation made clear that it expects concrete steps from the other side",
        "as long as the other side keeps its commitments",
        "without preconditions and in good faith",
        "in the coming weeks, once the technical teams have finished their work",
        "this is our position and it will not change under pressure",
        "the talks were constructive, but many questions remain open",
        "we call on our partners to support the process",
        "nobody should expect a breakthrough overnight",
        "the security of civilians must come first",
        "we will respond to any violation with all the means at our disposal",
        "the agreement must be verified by international observers",
        "our partners have given us clear assurances on this point",
        "we have asked for written guarantees before we sign anything",
    ],
    "fr": ["Nous sommes prêts à discuter des conditions d'un règlement durable",
           "notre gouvernement n'acceptera aucune proposition qui ignore la réalité du terrain",
           "les discussions ont été constructives, mais beaucoup de questions restent ouvertes",
           "nous appelons nos partenaires à soutenir le processus"],
    "es": ["Estamos dispuestos a discutir los términos de un acuerdo duradero",
           "nuestro gobierno no aceptará ninguna propuesta que ignore la realidad sobre el terreno",
           "las conversaciones fueron constructivas, pero quedan muchas preguntas abiertas",
           "pedimos a nuestros socios que apoyen el proceso"],
    "ru": ["Мы готовы обсуждать условия прочного урегулирования",
           "наше правительство не примет предложений, которые игнорируют реальность на земле",
           "переговоры были конструктивными, но многие вопросы остаются открытыми",
           "мы призываем наших партнёров поддержать этот процесс"],
}
#: Put into about one English quote in a hundred: its rare word is what the free-text search finds.
RARE_PART = "a temporary moratorium on strikes could open the way to talks"
QUOTE_LANGUAGES = {"en": 85, "fr": 6, "es": 5, "ru": 4}

HEADLINE_PARTS = ["talks resume on", "new push on", "deadlock over", "progress reported on",
                  "sharp words over", "envoys meet on", "deal in sight on", "fresh doubts over"]
CONDITIONS = ["if the other side withdraws its forces first", "provided observers can verify it",
              "once sanctions are eased", "if the guarantees are put in writing"]

SUMMARY_OBJECTS = {"Position": "its position", "Assessment": "the situation", "Proposal": "a new plan",
                   "Demand": "guarantees", "Rejection": "the latest offer", "Acceptance": "the proposal",
                   "Meeting": "its counterparts", "Call": "its counterpart", "Visit": "the region",
                   "Agreement": "to a framework", "MilitaryEvent": "near the front line"}
SUMMARY_TAILS = ["as talks continue", "after weeks of deadlock", "ahead of the next round of talks",
                 "according to officials", "in a statement to the press", "at a press conference",
                 "amid growing international pressure", "on the sidelines of a summit"]
