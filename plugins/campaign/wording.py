"""The words the plugin adds to pages, in each language a story can be in.

A Spanish testimony must not end with an English call to action, so every
phrase the plugin writes is looked up here by the article's `Lang`.
"""

WORDS = {
    "en": {
        "by_the_numbers": "By the numbers",
        "source": "Source",
        "as_of": "as of {date}",
        "petition": "Petition",
        "sign": "Sign the petition",
        "progress": "{signatures} of {goal} signatures",
        "signatures": "{signatures} signatures",
        "goal": "Goal: {goal} signatures",
        "deadline": "Deadline: {date}",
        "won": "Won",
        "closed": "Closed",
        "won_text": "We won this petition.",
        "closed_text": "This petition is closed.",
        "closed_on": "This petition closed on {date}.",
        "chart": "Bar chart: {value} compared with {other}",
    },
    "es": {
        "by_the_numbers": "En cifras",
        "source": "Fuente",
        "as_of": "al {date}",
        "petition": "Petición",
        "sign": "Firma la petición",
        "progress": "{signatures} de {goal} firmas",
        "signatures": "{signatures} firmas",
        "goal": "Meta: {goal} firmas",
        "deadline": "Fecha límite: {date}",
        "won": "Ganada",
        "closed": "Cerrada",
        "won_text": "Ganamos esta petición.",
        "closed_text": "Esta petición está cerrada.",
        "closed_on": "Esta petición cerró el {date}.",
        "chart": "Gráfico de barras: {value} comparado con {other}",
    },
}


def words(lang: str | None) -> dict:
    base = (lang or "en").split("-")[0].lower()
    return WORDS.get(base, WORDS["en"])
