"""Every install ships the cook standard as far as we know it, its committee, and other routes.

What we could state from our research (domain-facts §1.5–1.6): the trade, the committee
(CQRHT), the approval date, the two levels and the five essential competencies. Their elements
and criteria were not retrieved: each competency is marked « à compléter par le comité » and
the standard `is_complete=False`; nothing official is invented. The procedure sheet is a
general summary written for Atout, and says so. The NOC code 63200 comes from memory: it is
kept, and the incomplete standard says it is to be checked.

It first adds the English versions of the levels, conditions and fees, so the catalogue
reads in both languages.
"""

import datetime

from django.db import migrations, models

COMMITTEE = "Conseil québécois des ressources humaines en tourisme (CQRHT)"
TITLE = "Cuisinier ou cuisinière"

COMPETENCIES = [
    (1, "Planifier son travail", "Plan one’s work"),
    (2, "Réaliser une recette", "Carry out a recipe"),
    (3, "Effectuer le service", "Provide the service"),
    (4, "Conserver les aliments", "Store food"),
    (5, "Entretenir le poste de travail et les outils", "Maintain the workstation and the tools"),
]

LEVELS = (
    "Niveau 1 : cuisines d’assemblage.\n"
    "Niveau 2 : cuisines de transformation. Seul le niveau 2 mène au Sceau rouge.\n"
    "Le détail des compétences propres à chaque niveau est à compléter par le comité."
)

CONDITIONS = (
    "Le comité sectoriel confirme que la personne maîtrise toutes les compétences de la norme "
    "(Loi favorisant le développement et la reconnaissance des compétences de la main-d’œuvre, "
    "art. 25.7, 2°) : le ministre délivre alors, à sa demande, le certificat de qualification "
    "professionnelle. La maîtrise d’une partie des compétences mène à une attestation de "
    "compétence pour celles-ci.\n"
    "L’expérience dans le métier compte, qu’elle ait été rémunérée ou non.\n"
    "Les conditions d’évaluation propres à cette norme (durée d’expérience, méthodes) sont à "
    "compléter par le comité."
)

LEVELS_EN = (
    "Level 1: assembly kitchens.\n"
    "Level 2: transformation kitchens. Only level 2 leads to the Red Seal.\n"
    "The competencies of each level are to be completed by the committee."
)

CONDITIONS_EN = (
    "The sectoral committee confirms that the person masters all the competencies of the "
    "standard (Act to promote workforce skills development and recognition, s. 25.7, 2°): "
    "the minister then issues, on application, the certificate of professional "
    "qualification. Mastering some of the competencies leads to an attestation of competency "
    "for those.\n"
    "Experience in the trade counts, paid or unpaid.\n"
    "The evaluation conditions of this standard (length of experience, methods) are to be "
    "completed by the committee."
)

FEES_EN = (
    "To be completed by the committee. A committee may charge candidates a fee, within the "
    "limits agreed with the Commission des partenaires du marché du travail."
)

FEES = (
    "À compléter par le comité. Un comité peut exiger des frais de la personne candidate, dans "
    "les limites convenues avec la Commission des partenaires du marché du travail."
)

SHEET_FR = """Cette fiche résume les étapes générales de la reconnaissance des compétences de la main-d’œuvre (RCMO). Elle a été rédigée pour Atout : ce n’est pas un document officiel du comité, dont l’information prévaut.

1. Demande. Vous communiquez avec Qualifications Québec. Une conseillère ou un conseiller vérifie avec vous que la démarche vous convient : expérience dans le métier (rémunérée ou non), norme visée, compétences jamais reconnues auparavant.
2. Information. On vous explique la norme, ses compétences, les conditions et les frais du comité, et les étapes qui suivent.
3. Préparation du dossier. Vous rassemblez votre CV, des preuves de votre expérience (attestations d’emploi, photos de réalisations, formations) et vous remplissez avec votre conseillère ou conseiller la grille d’autoévaluation des compétences de la norme.
4. Transmission. Avec votre consentement, le dossier est transmis au comité sectoriel responsable de la norme.
5. Évaluation. Le comité évalue chaque compétence : examen des documents, entrevue, observation en milieu de travail ou mise en situation pratique.
6. Décision. Si vous maîtrisez toutes les compétences, le comité le confirme au ministère. Si vous en maîtrisez une partie, vous pouvez obtenir une attestation pour celles-ci ; on vous indique où acquérir les autres, par exemple par le Programme d’apprentissage en milieu de travail (PAMT).
7. Certificat. Vous présentez votre demande au ministère, qui délivre le certificat de qualification professionnelle ou l’attestation de compétence.

Si vous détenez déjà un certificat Sceau rouge obtenu hors Québec pour ce métier, une demande directe au ministère est possible, sans évaluation."""

SHEET_EN = """This sheet summarises the general steps of workforce skills recognition (RCMO). It was written for Atout: it is not an official document of the committee, whose information prevails.

1. Request. You contact Qualifications Québec. An advisor checks with you that the process fits: experience in the trade (paid or unpaid), the standard you aim for, skills never recognised before.
2. Information. You are told about the standard, its competencies, the committee’s conditions and fees, and the next steps.
3. Preparing the dossier. You gather your CV and proof of your experience (employment letters, photos of your work, training) and fill in, with your advisor, the self-assessment grid of the standard’s competencies.
4. Transmission. With your consent, the dossier is sent to the sectoral committee responsible for the standard.
5. Evaluation. The committee evaluates each competency: document review, interview, workplace observation or a practical test.
6. Decision. If you master all the competencies, the committee confirms it to the ministry. If you master some of them, you may obtain an attestation for those; you are told where to learn the others, for example through the workplace apprenticeship programme (PAMT).
7. Certificate. You apply to the ministry, which issues the certificate of professional qualification or the attestation of competency.

If you already hold a Red Seal certificate obtained outside Québec for this trade, you may apply directly to the ministry, without an evaluation."""

OTHER_ROUTES = [
    {
        "trade_fr": "Infirmier ou infirmière",
        "trade_en": "Nurse",
        "kind": "professional_order",
        "body": "Ordre des infirmières et infirmiers du Québec (OIIQ)",
        "explanation_fr": (
            "Profession réglementée : l’exercer au Québec exige un permis de l’ordre "
            "professionnel. C’est l’ordre qui évalue votre formation et votre expérience "
            "(équivalence) et qui peut prescrire une formation ou un stage d’appoint. "
            "Qualifications Québec peut vous orienter dans cette démarche."
        ),
        "explanation_en": (
            "Regulated profession: practising it in Québec requires a permit from the "
            "professional order. The order assesses your training and experience (equivalence) "
            "and may require bridging training or an internship. Qualifications Québec can "
            "guide you through this process."
        ),
        "url": "https://www.oiiq.org",
    },
    {
        "trade_fr": "Pâtissier ou pâtissière",
        "trade_en": "Pastry chef",
        "kind": "school",
        "body": "Centre de formation professionnelle offrant le DEP en pâtisserie",
        "explanation_fr": (
            "Aucune norme professionnelle de ce métier n’est dans Atout. La reconnaissance des "
            "acquis et des compétences (RAC) d’un centre de formation professionnelle peut mener "
            "au diplôme : rencontre d’information, dossier de candidature, autoévaluation et "
            "entrevue de validation, puis formation manquante s’il y a lieu."
        ),
        "explanation_en": (
            "No occupational standard for this trade is in Atout. Prior learning assessment "
            "and recognition (RAC) at a vocational training centre can lead to the diploma: "
            "information meeting, application, self-assessment and validation interview, then "
            "any missing training."
        ),
        "url": "",
    },
    {
        "trade_fr": "Métier désigné Sceau rouge (certificat obtenu hors Québec)",
        "trade_en": "Red Seal trade (certificate obtained outside Québec)",
        "kind": "red_seal",
        "body": "Ministère responsable de l’emploi (demande de certificat)",
        "explanation_fr": (
            "Si vous détenez un certificat de qualification délivré hors Québec dans le cadre "
            "du programme Sceau rouge, vous pouvez demander directement le certificat de "
            "qualification professionnelle québécois, sans évaluation par le comité "
            "(art. 25.7, 3°)."
        ),
        "explanation_en": (
            "If you hold a certificate of qualification issued outside Québec under the Red "
            "Seal program, you may apply directly for the Québec certificate of professional "
            "qualification, without an evaluation by the committee (s. 25.7, 3°)."
        ),
        "url": "https://www.red-seal.ca",
    },
    {
        "trade_fr": "Électricien ou électricienne (hors construction)",
        "trade_en": "Electrician (outside construction)",
        "kind": "mandatory",
        "body": "Services Québec — qualification professionnelle obligatoire",
        "explanation_fr": (
            "Métier réglementé : l’exercer exige un certificat de qualification obligatoire "
            "(Loi sur la formation et la qualification professionnelles de la main-d’œuvre, "
            "F-5), obtenu après un apprentissage et un examen. Les conditions sont à vérifier "
            "auprès de Services Québec."
        ),
        "explanation_en": (
            "Regulated trade: practising it requires a mandatory certificate of qualification "
            "(Act respecting manpower vocational training and qualification, F-5), obtained "
            "after an apprenticeship and an exam. Check the conditions with Services Québec."
        ),
        "url": "",
    },
]


def seed(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Standard = apps.get_model("standards", "Standard")
    Competency = apps.get_model("standards", "Competency")
    OtherRoute = apps.get_model("standards", "OtherRoute")

    committee = Organisation.objects.filter(name=COMMITTEE).first()
    if committee is None:
        committee = Organisation.objects.create(name=COMMITTEE, kind="committee", city="Montréal")
    if not Standard.objects.filter(title_fr=TITLE, committee=committee).exists():
        standard = Standard.objects.create(
            title_fr=TITLE,
            title_en="Cook",
            noc_code="63200",
            committee=committee,
            version_label="2010",
            approved_on=datetime.date(2010, 4, 15),
            levels=LEVELS,
            levels_en=LEVELS_EN,
            recognition_conditions_en=CONDITIONS_EN,
            fees_en=FEES_EN,
            status="in_force",
            recognition_conditions=CONDITIONS,
            fees=FEES,
            procedure_sheet_fr=SHEET_FR,
            procedure_sheet_en=SHEET_EN,
            is_complete=False,
            published=True,
        )
        for number, title_fr, title_en in COMPETENCIES:
            Competency.objects.create(
                standard=standard,
                number=number,
                kind="essential",
                title_fr=title_fr,
                title_en=title_en,
                to_be_completed=True,
            )
    for route in OTHER_ROUTES:
        if not OtherRoute.objects.filter(trade_fr=route["trade_fr"], kind=route["kind"]).exists():
            OtherRoute.objects.create(**route)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_history"),
        ("standards", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalstandard",
            name="fees_en",
            field=models.TextField(blank=True, max_length=1000, verbose_name="fees (English)"),
        ),
        migrations.AddField(
            model_name="historicalstandard",
            name="levels_en",
            field=models.TextField(blank=True, max_length=2000, verbose_name="levels (English)"),
        ),
        migrations.AddField(
            model_name="historicalstandard",
            name="recognition_conditions_en",
            field=models.TextField(
                blank=True, max_length=5000, verbose_name="recognition conditions (English)"
            ),
        ),
        migrations.AddField(
            model_name="standard",
            name="fees_en",
            field=models.TextField(blank=True, max_length=1000, verbose_name="fees (English)"),
        ),
        migrations.AddField(
            model_name="standard",
            name="levels_en",
            field=models.TextField(blank=True, max_length=2000, verbose_name="levels (English)"),
        ),
        migrations.AddField(
            model_name="standard",
            name="recognition_conditions_en",
            field=models.TextField(
                blank=True, max_length=5000, verbose_name="recognition conditions (English)"
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
