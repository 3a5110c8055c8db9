"""Realistic Quebec names (most frequent first) for the generated files.

Family names follow Quebec's distribution: the most common (Tremblay) is about 1 % of the
population, the next ones fall off slowly, and most people carry one of tens of thousands
of rarer names. `family_name_weights()` gives the listed names a Zipf-like share (about 11 %
in all, Tremblay 1 %) and spreads the rest over a long tail of generated names.
"""

_FAMILY = """
Tremblay, Gagnon, Roy, Côté, Bouchard, Gauthier, Morin, Lavoie, Fortin, Gagné, Ouellet,
Pelletier, Bélanger, Lévesque, Bergeron, Leblanc, Paquette, Girard, Simard, Boucher, Caron,
Beaulieu, Cloutier, Dubé, Poirier, Fournier, Lapointe, Leclerc, Lefebvre, Poulin, Thibault,
St-Pierre, Nadeau, Martin, Landry, Martel, Bédard, Grenier, Lessard, Bernier, Richard, Michaud,
Hébert, Desjardins, Couture, Turcotte, Lachance, Parent, Blais, Gosselin, Savard, Proulx,
Beaudoin, Demers, Perreault, Boudreau, Lemieux, Cyr, Perron, Dufour, Dion, Mercier, Bolduc,
Bérubé, Boisvert, Langlois, Ménard, Thériault, Labrecque, Vachon, Champagne, Paré, Brassard,
Guay, Tessier, Deschênes, Laflamme, Rousseau, Émond, Allard, Jacques, Charbonneau, Lemay,
Gingras, Lacroix, Carrier, Bouchard-Tremblay, D'Amours, Lalonde, Bissonnette, Plante, Séguin,
Larouche, Gravel, Giroux, Vallée, Harvey, Lambert, Marcoux, Nguyen, Tran, Diallo, Traoré,
Haddad, Benali, Joseph, Jean-Baptiste, Pierre-Louis, Rodriguez, González, Singh, Kaur, Wang,
Chen, Li, Khan, Mukendi, Kouassi, Saint-Louis, Ben Salah, El Amrani
"""

_GIVEN = """
Marie, Jean, Sophie, Mathieu, Émilie, Frédéric, Geneviève, François, Hélène, Jérôme,
Andrée-Anne, Marc-André, Chloé, Léa, Noémie, Olivier, Félix, Gabriel, Zoé, Béatrice, Élise,
Samuel, William, Étienne, Amélie, Josée, Stéphane, Sébastien, Réjean, Gisèle, Lucie, Nathalie,
Isabelle, Julie, Mélanie, Véronique, Maxime, Alexandre, Patrick, Kevin, Jessica, Marie-Ève,
Marie-Pier, Jean-François, Pierre-Luc, Anne-Sophie, Gaétan, Ginette, Céline, Normand, Luc,
Sylvie, Annie, Caroline, Mylène, Karine, Valérie, Éric, Martin, Simon, Louis-Philippe, Raphaël,
Thomas, Charlotte, Florence, Rosalie, Océane, Laurence, Justine, Mohamed, Fatima, Aïcha, Nadia,
Yasmine, Karim, Youssef, Mamadou, Aminata, Thi Lan, Minh, Wei, Priya, Carlos, María José,
Ángel, Dieudonné, Jocelyne, Ghislain, Rémi, Josée-Anne
"""


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


FAMILY_NAMES = _names(_FAMILY)
GIVEN_NAMES = _names(_GIVEN)
PRONOUNS = ["", "", "", "", "elle", "il", "iel"]
CITIES = [
    "Québec",
    "Lévis",
    "Montréal",
    "Laval",
    "Gatineau",
    "Sherbrooke",
    "Saguenay",
    "Trois-Rivières",
    "Rimouski",
    "Longueuil",
]
STREETS = ["rue Saint-Jean", "boul. René-Lévesque", "ch. Sainte-Foy", "av. Cartier", "rue Racine"]


# The long tail: rarer surnames, built from syllables (deterministic, about 20,000 names).
_TAIL_START = [
    "Ar",
    "Bé",
    "Ca",
    "Da",
    "Fa",
    "Ga",
    "Ha",
    "La",
    "Ma",
    "Na",
    "Pa",
    "Ra",
    "Sa",
    "Ta",
    "Va",
    "Ber",
    "Cor",
    "Dor",
    "For",
    "Gar",
    "Mor",
    "Par",
    "Ser",
    "Ver",
    "Bou",
    "Cou",
    "Dou",
    "Fou",
    "Gou",
    "Lou",
    "Mou",
    "Pou",
    "Rou",
    "Sou",
    "Tou",
    "Vil",
    "Bel",
    "Del",
    "Mel",
    "Pel",
]
_TAIL_MIDDLE = [
    "ba",
    "bo",
    "ci",
    "de",
    "do",
    "fi",
    "ga",
    "gi",
    "ja",
    "ke",
    "li",
    "lo",
    "mi",
    "no",
    "pi",
    "que",
    "ri",
    "ro",
    "si",
    "ti",
    "vi",
    "za",
    "ze",
    "zo",
    "lan",
    "ren",
    "ton",
    "val",
    "mon",
    "nar",
    "sel",
    "ver",
    "bru",
    "cha",
    "che",
    "gre",
    "pra",
    "tri",
    "vro",
    "xa",
]
_TAIL_END = ["ault", "eau", "ette", "ier", "in", "ois", "on", "and", "ard", "et", "ie", "y"]
TAIL_NAMES = [a + b + c for a in _TAIL_START for b in _TAIL_MIDDLE for c in _TAIL_END]
TOP_SHARE = 0.01  # the most common family name: about 1 % of Quebec's population


def family_name_weights() -> tuple[list[str], list[float]]:
    """(names, weights summing to 1): Tremblay 1 %, the listed names ~11 %, the tail the rest."""
    top = [TOP_SHARE / (rank + 1) ** 0.7 for rank in range(len(FAMILY_NAMES))]
    rest = (1.0 - sum(top)) / len(TAIL_NAMES)
    return [*FAMILY_NAMES, *TAIL_NAMES], [*top, *([rest] * len(TAIL_NAMES))]
