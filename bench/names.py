"""Realistic Quebec names (most frequent first) for the generated files."""

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
