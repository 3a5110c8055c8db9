"""Demonstration content. Fictional people; phone numbers in the 555-01xx fictional range."""
# ruff: noqa: E501  (demo sentences read better whole)

from atout.accounts.models import Organisation, Role

DEFAULT_PASSWORD = "Atout-demo-2026"  # noqa: S105 (demo accounts only, printed on screen)

ORGANISATIONS = {
    "cle": {
        "name": "Centre local d'emploi de Québec-Centre",
        "kind": Organisation.Kind.CLE,
        "address": {
            "street_address": "1000, route de l'Église, bureau 200",
            "city": "Québec",
            "postal_code": "G1V 3V9",
            "phone": "4185550100",
        },
    },
    "org1": {
        "name": "Carrefour emploi Limoilou",
        "kind": Organisation.Kind.EMPLOYABILITY,
        "address": {
            "street_address": "850, 3e Avenue",
            "city": "Québec",
            "postal_code": "G1L 2W6",
            "phone": "4185550110",
        },
    },
    "org2": {
        "name": "Tremplin Travail Lévis",
        "kind": Organisation.Kind.EMPLOYABILITY,
        "address": {
            "street_address": "55, rue Saint-Louis",
            "city": "Lévis",
            "postal_code": "G6V 4G2",
            "phone": "4185550120",
        },
    },
    "qq": {
        "name": "Qualifications Québec",
        "kind": Organisation.Kind.QUALIFICATIONS,
        "address": {"city": "Québec"},
    },
    "csmo": {
        "name": "Comité sectoriel de main-d'œuvre du commerce de détail",
        "kind": Organisation.Kind.COMMITTEE,
        "address": {"city": "Montréal"},
    },
    # The committee that owns the cook standard (atout/demo/recognition.py).
    "cqrht": {
        "name": "Conseil québécois des ressources humaines en tourisme (CQRHT)",
        "kind": Organisation.Kind.COMMITTEE,
        "address": {"city": "Montréal"},
    },
    # The CLE of Lévis's territory: printed on the passports of org2's files it did not refer.
    "cle_levis": {
        "name": "Centre local d'emploi de Lévis",
        "kind": Organisation.Kind.CLE,
        "address": {
            "street_address": "5700, rue J.-B.-Michaud, bureau 100",
            "city": "Lévis",
            "postal_code": "G6V 0B1",
            "phone": "4185550130",
        },
    },
}

ACCOUNTS = [
    {
        "email": "admin@atout.test",
        "full_name": "Administration Atout",
        "superuser": True,
        "description": "Platform superuser (Django admin at /admin/)",
    },
    {
        "email": "agent.cle@atout.test",
        "full_name": "Julie Côté",
        "memberships": [("cle", Role.CLE_AGENT)],
        "description": "CLE agent, CLE de Québec-Centre",
    },
    {
        "email": "conseillere@atout.test",
        "full_name": "Geneviève Tremblay",
        "memberships": [("org1", Role.COUNSELLOR), ("org1", Role.ORG_ADMIN)],
        "description": "Counsellor, organisation admin and person in charge of personal information (incident register), Carrefour emploi Limoilou",
    },
    {
        "email": "conseiller@autre.atout.test",
        "full_name": "Marc-André Lévesque",
        "memberships": [("org2", Role.COUNSELLOR)],
        "description": "Counsellor, Tremplin Travail Lévis",
    },
    {
        "email": "qualifications@atout.test",
        "full_name": "Isabelle Morin",
        "memberships": [("qq", Role.RECOGNITION_ADVISOR)],
        "description": "Recognition advisor, Qualifications Québec",
    },
    {
        "email": "comite@atout.test",
        "full_name": "François Bélanger",
        "memberships": [("cqrht", Role.COMMITTEE_EVALUATOR)],
        "description": "Committee evaluator, CQRHT (tourism; the cook standard)",
    },
    {
        "email": "participant@atout.test",
        "full_name": "Émilie Gagnon",
        "description": "Participant with a login (file at Carrefour emploi Limoilou)",
    },
    {
        "email": "candidat@atout.test",
        "full_name": "Karim Benali",
        "description": "Recognition candidate (cook, attestation issued), Qualifications Québec",
    },
]

C1 = "conseillere@atout.test"
C2 = "conseiller@autre.atout.test"
ALL = ["address", "home_phone", "mobile_phone", "email"]

PARTICIPANTS = [
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Émilie",
        "family": "Gagnon",
        "login": "participant@atout.test",
        "email": "participant@atout.test",
        "mobile": "4185550142",
        "home": "4185550143",
        "street": "412, rue de la Couronne",
        "postal": "G1K 6E9",
        "consent": ["email", "mobile_phone"],
        "objective": "Je souhaite travailler comme préposée à l'entretien ménager dans un hôtel du Vieux-Québec, de jour.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Jean-François",
        "family": "Bouchard",
        "mobile": "4185550151",
        "email": "jf.bouchard@exemple.ca",
        "objective": "Magasinier dans un entrepôt de distribution alimentaire.",
        "consent": ALL,
        "street": "2250, boulevard Sainte-Anne",
        "postal": "G1J 1Y2",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Marie-Ève",
        "family": "Pelletier",
        "preferred": "Marie",
        "email": "marie.pelletier@exemple.ca",
        "mobile": "4185550152",
        "objective": "Caissière ou commis dans une épicerie de quartier, à temps partiel pour commencer.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Ahmed",
        "family": "Benali",
        "lang": "fr",
        "email": "ahmed.benali@exemple.ca",
        "mobile": "5815550153",
        "objective": "Aide-cuisinier dans un restaurant ou une cafétéria; j'ai cuisiné pour des groupes en Algérie.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Nguyễn Thị",
        "family": "Lan",
        "preferred": "Lan",
        "email": "lan.nguyen@exemple.ca",
        "mobile": "5815550154",
        "status": "on_hold",
        "objective": "Préposée aux bénéficiaires en CHSLD, après mon cours de francisation.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Kevin",
        "family": "Roy",
        "lang": "en",
        "email": "kevin.roy@exemple.ca",
        "mobile": "4185550155",
        "objective": "Livreur-chauffeur de camion porteur (classe 3) pour une entreprise de la région.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Josée",
        "family": "Lévesque-Fortin",
        "email": "josee.lf@exemple.ca",
        "home": "4185550156",
        "objective": "Adjointe administrative dans un organisme communautaire ou une clinique.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Mamadou",
        "family": "Diallo",
        "pronouns": "il",
        "email": "m.diallo@exemple.ca",
        "mobile": "4185550157",
        "objective": "Manœuvre en construction résidentielle, puis apprenti charpentier-menuisier.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Chloé",
        "family": "Bergeron",
        "pronouns": "elle",
        "email": "chloe.bergeron@exemple.ca",
        "mobile": "4185550158",
        "objective": "Aide-éducatrice en service de garde scolaire.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Réjean",
        "family": "Gauthier",
        "status": "closed",
        "home": "4185550159",
        "objective": "Concierge d'immeuble; retour au travail après un arrêt de deux ans.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Sofía",
        "family": "Hernández",
        "lang": "fr",
        "email": "sofia.hernandez@exemple.ca",
        "mobile": "5815550160",
        "objective": "Agente de service à la clientèle bilingue (français, espagnol) dans un centre d'appels.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Olivier",
        "family": "Côté",
        "referred": False,
        "email": "olivier.cote@exemple.ca",
        "mobile": "4185550161",
        "objective": "Commis d'entrepôt ou cariste; j'ai conduit un chariot élévateur pendant un été.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Nathalie",
        "family": "Ouellet",
        "status": "on_hold",
        "email": "n.ouellet@exemple.ca",
        "objective": "Réceptionniste dans un cabinet de professionnels.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Amina",
        "family": "Traoré",
        "email": "amina.traore@exemple.ca",
        "mobile": "5815550163",
        "objective": "Travailler dans le commerce de détail, dans un poste où je peux conseiller la clientèle.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Gabriel",
        "family": "Morin",
        "status": "closed",
        "email": "gabriel.morin@exemple.ca",
        "objective": "Cuisinier de ligne dans un restaurant familial.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Stéphanie",
        "family": "Lapointe",
        "email": "steph.lapointe@exemple.ca",
        "mobile": "4185550165",
        "objective": "Préposée à l'accueil dans un hôtel ou un centre de villégiature.",
    },
    {
        "org": "org1",
        "counsellor": C1,
        "given": "Yves",
        "family": "Thériault",
        "home": "4185550166",
        "objective": "Agent de sécurité de jour dans un édifice à bureaux.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Alexandre",
        "family": "Girard",
        "email": "alex.girard@exemple.ca",
        "mobile": "4185550170",
        "city": "Lévis",
        "objective": "Opérateur de production dans une usine de transformation alimentaire.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Mélanie",
        "family": "Poulin",
        "city": "Lévis",
        "email": "melanie.poulin@exemple.ca",
        "mobile": "4185550171",
        "objective": "Commis-caissière en pharmacie.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Éric",
        "family": "Nadeau",
        "city": "Lévis",
        "status": "on_hold",
        "email": "eric.nadeau@exemple.ca",
        "objective": "Chauffeur-livreur de meubles et d'électroménagers.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Fatima",
        "family": "El Amrani",
        "city": "Lévis",
        "email": "fatima.elamrani@exemple.ca",
        "mobile": "5815550173",
        "objective": "Éducatrice en milieu familial, puis attestation d'études collégiales en petite enfance.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Samuel",
        "family": "Dubé",
        "city": "Lévis",
        "email": "samuel.dube@exemple.ca",
        "mobile": "4185550174",
        "objective": "Manœuvre en aménagement paysager pour la saison, puis en déneigement.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Karine",
        "family": "Boucher",
        "city": "Lévis",
        "status": "closed",
        "email": "karine.boucher@exemple.ca",
        "objective": "Adjointe administrative dans une entreprise de transport.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Jonathan",
        "family": "St-Pierre",
        "city": "Lévis",
        "email": "jonathan.stpierre@exemple.ca",
        "mobile": "4185550176",
        "lang": "en",
        "objective": "Préposé à l'entrepôt dans un centre de distribution en ligne.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Hélène",
        "family": "Caron",
        "city": "Lévis",
        "home": "4185550177",
        "objective": "Aide-cuisinière dans une résidence pour personnes âgées.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Ibrahim",
        "family": "Koné",
        "city": "Lévis",
        "email": "ibrahim.kone@exemple.ca",
        "mobile": "5815550178",
        "objective": "Préposé aux bénéficiaires dans un centre hospitalier.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Valérie",
        "family": "Fournier",
        "city": "Lévis",
        "postal": "G6V 3K9",
        "referred": False,
        "email": "valerie.fournier@exemple.ca",
        "objective": "Commis de bureau dans une municipalité.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Dominic",
        "family": "Paquette",
        "city": "Lévis",
        "email": "dominic.paquette@exemple.ca",
        "mobile": "4185550180",
        "objective": "Mécanicien de vélos dans une boutique de sport.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Zoé",
        "family": "Lachance",
        "city": "Lévis",
        "email": "zoe.lachance@exemple.ca",
        "mobile": "4185550181",
        "pronouns": "iel",
        "objective": "Caissière de soir dans un dépanneur ou une station-service.",
    },
    {
        "org": "org2",
        "counsellor": C2,
        "given": "Luc",
        "family": "Bélanger",
        "city": "Lévis",
        "status": "on_hold",
        "home": "4185550182",
        "objective": "Préposé à l'entretien ménager dans un cégep.",
    },
]

# Émilie's self-ratings per family (1-4): strong with clients and care, less sure on screens.
DEMO_SELF_RATINGS = {
    "COM": 3,
    "EQU": 4,
    "ORG": 4,
    "RES": 3,
    "CLI": 4,
    "APP": 3,
    "NUM": 2,
    "TEC": 4,
}

# Passports: Émilie's is complete and approved; the others are drafts at various stages.
DEMO_PASSPORTS = [
    {
        "org": "org1",
        "given": "Émilie",
        "family": "Gagnon",
        "noc": "65310",
        "status": "approved",
        "consent": ["mobile_phone", "email"],
        "fields": {
            "objective_fr": "Je souhaite travailler comme préposée à l’entretien ménager dans un hôtel du Vieux-Québec, de jour. Minutieuse et fiable, j’aime qu’un travail soit bien fait du premier coup, et je garde mon calme quand le rythme accélère.",
            "objective_short_fr": "Préposée à l’entretien ménager, de jour",
            "signature": True,
            "logo_builtin": "star",
            "software_fr": "Courriel, messagerie texte, Word (base)",
            "equipment_fr": "Aspirateur commercial, chariot d’entretien, produits d’entretien (formation SIMDUT)",
        },
        "competencies": [
            {
                "code": "ORG-04",
                "link_fr": "En hôtellerie, une chambre doit être impeccable à chaque fois : mon souci du détail se voit tout de suite par la clientèle.",
                "evidence": [
                    {
                        "situation": "Bénévole à la banque alimentaire de Limoilou, de 2024 à 2026.",
                        "action": "J’ai trié les denrées chaque samedi et je les ai rangées selon les dates de péremption.",
                        "result": "Aucune perte de produit en deux ans; la responsable m’a confié la formation des nouveaux bénévoles.",
                    }
                ],
            },
            {
                "code": "ORG-01",
                "link_fr": "Les chambres doivent être prêtes à 15 h pour les arrivées : je respecte les horaires serrés.",
                "evidence": [
                    {
                        "situation": "Mère de deux enfants d’âge scolaire.",
                        "action": "J’organise chaque matin le départ pour l’école et la garderie à heure fixe.",
                        "result": "Pas un seul retard en un an, selon les relevés de l’école.",
                    }
                ],
            },
            {
                "code": "TEC-04",
                "link_fr": "Je connais les produits d’entretien et les règles de sécurité qui vont avec.",
                "evidence": [
                    {
                        "situation": "Emploi d’été comme aide à l’entretien dans un camp de jour (2023).",
                        "action": "J’ai nettoyé les locaux et les salles de bain selon une liste de contrôle quotidienne.",
                        "result": "Inspection sanitaire réussie sans aucune remarque.",
                    }
                ],
            },
            {
                "code": "EQU-01",
                "link_fr": "Le travail en étage se fait en équipe, avec la gouvernante et la buanderie.",
                "evidence": [
                    {
                        "situation": "Corvée de nettoyage du parc du quartier avec 20 bénévoles.",
                        "action": "J’ai réparti les tâches par secteur et prêté main-forte aux équipes en retard.",
                        "result": "Le parc a été nettoyé en trois heures au lieu des cinq prévues.",
                    }
                ],
            },
        ],
    },
    {
        "org": "org1",
        "given": "Jean-François",
        "family": "Bouchard",
        "noc": "75101",
        "status": "draft",
        "consent": ["mobile_phone", "email", "address"],
        "fields": {
            "objective_fr": "Je veux travailler comme magasinier dans un entrepôt de distribution alimentaire.",
        },
        "competencies": [
            {"code": "TEC-02", "link_fr": "", "evidence": []},
            {
                "code": "ORG-03",
                "link_fr": "La sécurité prime en entrepôt.",
                "evidence": [
                    {
                        "situation": "Cours de cariste au centre de formation professionnelle.",
                        "action": "J’ai suivi la formation et réussi l’examen pratique.",
                        "result": "",
                    }
                ],
            },
        ],
    },
    {
        "org": "org1",
        "given": "Amina",
        "family": "Traoré",
        "noc": "65100",
        "status": "ready",
        "consent": ["email"],
        "fields": {
            "objective_fr": "Je souhaite travailler comme caissière dans une épicerie de mon quartier. J’aime le contact avec les gens et je compte vite et juste.",
        },
        "competencies": [
            {
                "code": "CLI-01",
                "link_fr": "À la caisse, l’accueil fait revenir la clientèle.",
                "evidence": [
                    {
                        "situation": "Bénévole à l’accueil d’un centre communautaire.",
                        "action": "J’ai accueilli les familles et répondu à leurs questions en français et en bambara.",
                        "result": "Environ 40 familles par semaine.",
                    }
                ],
            }
        ],
    },
    {
        "org": "org2",
        "given": "Alexandre",
        "family": "Girard",
        "status": "draft",
        "consent": ["mobile_phone"],
        "fields": {},
        "competencies": [],
    },
]

# The evidence base a CV draws on: work history with employers and dates, education,
# certificates, interests and values, a reference. Texts in French and English.
DEMO_EVIDENCE = [
    {
        "given": "Émilie",
        "family": "Gagnon",
        "experiences": [
            {
                "kind": "job",
                "title": "Aide à l’entretien ménager",
                "title_en": "Housekeeping aide",
                "place": "Camp de jour Les Castors, Québec",
                "started_on": "2023-06-26",
                "ended_on": "2023-08-18",
                "description": "Entretien quotidien des locaux et des salles de bain selon une liste de contrôle.",
                "description_en": "Daily cleaning of rooms and washrooms following a checklist.",
            },
            {
                "kind": "volunteering",
                "title": "Bénévole au tri des denrées",
                "title_en": "Food sorting volunteer",
                "place": "Banque alimentaire de Limoilou, Québec",
                "started_on": "2024-01-13",
                "ended_on": "2026-06-27",
                "description": "Tri et rangement des denrées selon les dates de péremption; formation des nouveaux bénévoles.",
                "description_en": "Sorting and storing food by expiry date; training new volunteers.",
            },
            {
                "kind": "family",
                "title": "Parent à temps plein",
                "title_en": "Full-time parent",
                "place": "",
                "started_on": "2021-04-01",
                "ended_on": "2023-06-01",
                "description": "Organisation de la maison et des horaires de deux jeunes enfants.",
                "description_en": "Running the household and the schedules of two young children.",
            },
            {
                "kind": "job",
                "title": "Caissière",
                "title_en": "Cashier",
                "role": "Caisse et mise en tablette",
                "role_en": "Cash and shelf stocking",
                "place": "Dépanneur Chez Ginette, Québec",
                "started_on": "2019-05-06",
                "ended_on": "2021-03-26",
            },
        ],
        "proposed_experience": {
            "kind": "volunteering",
            "title": "Aide-cuisinière à la soupe populaire",
            "place": "Maison Revivre, Québec",
            "started_on": "2026-09-05",
            "description": "Je coupe les légumes et je lave la vaisselle le samedi midi.",
        },
        "education": [
            {
                "program_fr": "Formation en entretien ménager commercial (45 h)",
                "program_en": "Commercial housekeeping training (45 h)",
                "school": "Centre de formation professionnelle Fierbourg",
                "place": "Québec",
                "in_progress": True,
            },
            {
                "program_fr": "Diplôme d’études secondaires (DES)",
                "program_en": "Secondary school diploma (DES)",
                "school": "École secondaire Cardinal-Roy",
                "place": "Québec",
                "year": 2014,
            },
        ],
        "certificates": [
            {
                "name_fr": "SIMDUT 2015",
                "name_en": "WHMIS 2015",
                "issuer": "Centre de formation professionnelle Fierbourg",
                "obtained_on": "2025-02-10",
            },
            {
                "name_fr": "Secourisme en milieu de travail",
                "name_en": "Workplace first aid",
                "issuer": "Croix-Rouge canadienne",
                "obtained_on": "2025-04-15",
                "expires_on": "2028-04-15",
            },
            {
                "name_fr": "Permis de conduire, classe 5",
                "name_en": "Driver’s licence, class 5",
                "issuer": "SAAQ",
                "obtained_on": "2012-09-20",
                "expires_on": "2030-09-30",
            },
        ],
        "profile": {
            "expertise_fr": "Entretien ménager, tri et rangement, accueil",
            "expertise_en": "Housekeeping, sorting and storage, welcoming people",
            "interests_fr": "Cuisine, couture, marche en plein air",
            "interests_en": "Cooking, sewing, outdoor walks",
            "values_fr": "Fiabilité, entraide, travail bien fait",
            "values_en": "Reliability, mutual help, work done right",
        },
        "references": [
            {
                "name": "Sylvie Lachance",
                "relationship_fr": "Responsable des bénévoles",
                "relationship_en": "Volunteer coordinator",
                "organisation": "Banque alimentaire de Limoilou",
                "phone": "418 555-0177",
                "referee_agreed": True,
                "listed_on_cv": True,
            }
        ],
    },
    {
        "given": "Jean-François",
        "family": "Bouchard",
        "experiences": [
            {
                "kind": "job",
                "title": "Manutentionnaire",
                "title_en": "Material handler",
                "place": "Entrepôts Laurentides inc., Lévis",
                "started_on": "2016-03-07",
                "ended_on": "2022-11-25",
                "description": "Réception et expédition des commandes; chargement des camions.",
                "description_en": "Receiving and shipping orders; loading trucks.",
            }
        ],
        "education": [
            {
                "program_fr": "Formation de cariste (chariot élévateur)",
                "program_en": "Forklift operator training",
                "school": "Centre de formation professionnelle de Lévis",
                "place": "Lévis",
                "year": 2023,
            }
        ],
        "certificates": [
            {
                "name_fr": "Attestation de cariste",
                "name_en": "Forklift operator certificate",
                "issuer": "Centre de formation professionnelle de Lévis",
                "obtained_on": "2023-03-01",
                "expires_on": "2026-03-01",
            }
        ],
    },
    {
        "given": "Amina",
        "family": "Traoré",
        "experiences": [
            {
                "kind": "community",
                "title": "Bénévole à l’accueil",
                "title_en": "Reception volunteer",
                "place": "Centre communautaire Saint-Roch, Québec",
                "started_on": "2025-01-15",
            },
            {
                "kind": "job",
                "title": "Vendeuse au marché",
                "place": "Marché de Médina Coura, Bamako (Mali)",
                "started_on": "2012-01-01",
                "ended_on": "2022-12-31",
            },
        ],
        "education": [
            {
                "program_fr": "Baccalauréat malien (série lettres)",
                "program_en": "Malian baccalaureate (humanities)",
                "school": "Lycée de Badalabougou",
                "place": "Bamako, Mali",
                "year": 2009,
                "abroad": True,
                "recognition_fr": "Évaluation comparative : équivalent d’un DES du Québec",
                "recognition_en": "Comparative evaluation: equivalent to a Québec secondary school diploma",
            }
        ],
    },
]

# Cover letters: an offer of service where nothing is posted (approved in person) and an
# answer to a posting (draft). The body is the suggestion Atout drafts from the passport.
DEMO_LETTERS = [
    {
        "given": "Émilie",
        "family": "Gagnon",
        "approve": True,
        "fields": {
            "language": "fr",
            "employer_name": "Hôtel Belle-Rive",
            "contact_name": "Madame Nathalie Roy, gouvernante générale",
            "employer_address": "75, rue Saint-Pierre\nQuébec (Québec)  G1K 4A3",
            "place": "Québec",
            "subject": "Offre de service — préposée à l’entretien ménager",
            "salutation": "Madame,",
            "signature_name": "Émilie Gagnon",
        },
    },
    {
        "given": "Jean-François",
        "family": "Bouchard",
        "fields": {
            "language": "fr",
            "employer_name": "Distribution alimentaire Laurentienne",
            "posting_title": "Magasinier de jour",
            "posting_reference": "MAG-2026-14",
            "place": "Lévis",
            "signature_name": "Jean-François Bouchard",
        },
    },
]

# Émilie's portfolio leaves out her years as a full-time parent (her choice).
DEMO_PORTFOLIOS = [
    {
        "given": "Émilie",
        "family": "Gagnon",
        "cover_subtitle": "Entretien ménager et service",
        "leave_out_experiences": ["Parent à temps plein"],
    }
]

# Émilie rehearses her passport: two cards written, one coached (atout/practice).
DEMO_PRACTICE = [
    {
        "given": "Émilie",
        "family": "Gagnon",
        "cards": [
            {
                "code": "ORG-04",
                "own_words": "À la banque alimentaire, je triais les denrées chaque samedi. J’ai rangé les produits par date de péremption. En deux ans, on n’a rien perdu, et la responsable m’a demandé de former les nouveaux bénévoles.",
                "readiness": "ready",
            },
            {
                "code": "ORG-01",
                "own_words": "Avec mes deux enfants, je dois partir à heure fixe tous les matins.",
                "readiness": "getting_there",
                "coach_note": "Bon début. Ajoutez le résultat : pas un seul retard en un an. Dites aussi comment vous vous organisez la veille.",
            },
            {"code": "TEC-04", "readiness": "not_yet"},
        ],
    }
]

# Émilie shared her approved passport with an employer after an interview (a few views).
DEMO_SHARE_LINKS = [
    {
        "given": "Émilie",
        "family": "Gagnon",
        "label": "Hôtel Le Concorde — entrevue du 18 novembre",
        "days": 30,
        "views": ["computer", "phone"],
    }
]

# The CLE referral loop (issue 11): agreements between the demo CLE and both organisations,
# and service requests in every state. Days are counted back from the day the seed runs, so
# the dashboards and their reminders always have something to show: one request has waited
# 9 days, one participation is past its planned end, two feedback reports are late.
DEMO_AGREEMENTS = [
    {"org": "org1", "measure": "sae", "reference": "SAE-QC-2026-014", "planned": 40},
    {"org": "org1", "measure": "demarcheurs", "reference": "DEM-QC-2026-003", "planned": 12},
    {"org": "org2", "measure": "sae", "reference": "SAE-QC-2026-021", "planned": 25},
]

DEMO_REQUESTS = [
    # status, receiving agreement, person, days since sent; then what followed.
    {
        "status": "draft",
        "agreement": "SAE-QC-2026-014",
        "given": "Karim",
        "family": "Haddad",
        "objective": "Aide-cuisinier dans un restaurant du quartier Saint-Roch.",
    },
    {
        "status": "sent",
        "agreement": "SAE-QC-2026-014",
        "given": "Lucie",
        "family": "Fortin",
        "sent": 9,
        "objective": "Commis de bureau dans un organisme public.",
    },
    {
        "status": "sent",
        "agreement": "SAE-QC-2026-021",
        "given": "Samuel",
        "family": "Bédard",
        "sent": 2,
        "route": "multiservice_room",
        "objective": "Manutentionnaire dans un centre de distribution de Lévis.",
    },
    {
        "status": "accepted",
        "agreement": "SAE-QC-2026-014",
        "given": "Émilie",
        "family": "Gagnon",
        "sent": 70,
        "file": True,
        "participation": "passport_produced",
        "produced": 6,
        "objective": "Préposée à l'entretien ménager dans un hôtel du Vieux-Québec.",
    },
    {
        "status": "accepted",
        "agreement": "SAE-QC-2026-014",
        "given": "Jean-François",
        "family": "Bouchard",
        "sent": 95,
        "file": True,
        "participation": "in_progress",
        "planned_end_days": -12,
        "objective": "Magasinier dans un entrepôt de distribution alimentaire.",
    },
    {
        "status": "accepted",
        "agreement": "DEM-QC-2026-003",
        "given": "Marie-Ève",
        "family": "Pelletier",
        "sent": 6,
        "file": True,
        "participation": "accepted",
        "route": "own_request",
        "objective": "Caissière ou commis dans une épicerie de quartier.",
    },
    {
        "status": "accepted",
        "agreement": "SAE-QC-2026-014",
        "given": "Ahmed",
        "family": "Benali",
        "sent": 120,
        "file": True,
        "participation": "completed",
        "ended": 20,
        "feedback": "sent",
        "outcome": "job",
        "objective": "Préposé à l'entrepôt dans une entreprise de distribution.",
    },
    {
        "status": "accepted",
        "agreement": "SAE-QC-2026-014",
        "given": "Kevin",
        "family": "Roy",
        "sent": 80,
        "file": True,
        "participation": "interrupted",
        "ended": 15,
        "reason": "Retour aux études à temps plein en janvier.",
        "objective": "Commis d'entrepôt.",
    },
    {
        "status": "accepted",
        "agreement": "SAE-QC-2026-021",
        "given": "Alexandre",
        "family": "Girard",
        "sent": 140,
        "file": True,
        "participation": "completed",
        "ended": 35,
        "feedback": "acknowledged",
        "outcome": "training",
        "objective": "Soudeur-assembleur dans une entreprise de fabrication.",
    },
    {
        "status": "accepted",
        "agreement": "SAE-QC-2026-021",
        "given": "Mélanie",
        "family": "Poulin",
        "sent": 60,
        "file": True,
        "participation": "abandoned",
        "ended": 25,
        "reason": "La personne ne se présente plus aux rencontres depuis trois semaines.",
        "objective": "Préposée aux bénéficiaires.",
    },
    {
        "status": "declined",
        "agreement": "SAE-QC-2026-021",
        "given": "Nadia",
        "family": "Simard",
        "sent": 12,
        "decline": "Nous n'avons plus de place avant février pour ce type d'accompagnement.",
        "redirect": "SAE-QC-2026-014",
        "redirect_sent": 3,
        "objective": "Agente de service à la clientèle en centre d'appels.",
    },
    {
        "status": "withdrawn",
        "agreement": "SAE-QC-2026-014",
        "given": "Patrick",
        "family": "Lemieux",
        "sent": 10,
        "withdraw": "La personne a trouvé un emploi avant le début du service.",
        "objective": "Chauffeur-livreur.",
    },
]

# A passport the organisation offered on its own, under its agreement (no CLE request).
DEMO_ORGANISATION_PARTICIPATIONS = [
    {
        "agreement": "SAE-QC-2026-014",
        "given": "Chloé",
        "family": "Bergeron",
        "days": 20,
        "tool": "cv",
        "tool_reason": "Un parcours récent et suivi : un CV bien construit suffit pour ses démarches.",
        "participation": "in_progress",
    },
]

# The FSA → CLE table for the demo CLEs (a few forward sortation areas of each territory).
DEMO_FSA_AREAS = {
    "cle": ["G1J", "G1K", "G1L", "G1M", "G1N", "G1R", "G1S", "G1V"],
    "cle_levis": ["G6V", "G6W", "G6X", "G6Y", "G6Z", "G7A"],
}

# What the CLE agent recorded for Émilie before her passport was approved: it prints on the
# last page, and the letter joins the print bundle.
DEMO_MEASURES = [
    {
        "given": "Émilie",
        "family": "Gagnon",
        "kind": "wage_subsidy",
        "start": "2026-11-15",
        "end": "2027-05-15",
        "conditions": "Pour un emploi d’au moins 30 heures par semaine; la subvention couvre "
        "une partie du salaire pendant un maximum de 30 semaines.",
        "letter": "Lettre d’admissibilité — Subventions salariales",
    }
]
