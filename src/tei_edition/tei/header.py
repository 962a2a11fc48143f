"""The teiHeader: what an archive needs to know about the edition and how it was made.

Every statement about the encoding is generated from what the conversion actually did
(pages inferred, notes renumbered or missing, corrections made: `HeaderFacts`), so it
cannot drift.
"""

from __future__ import annotations

from lxml import etree

from .. import __version__
from ..dates import french_date
from ..edition.model import HeaderFacts
from ..metadata import Metadata, Person
from .elements import tei


def _el(tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = tei(tag, {k.replace("_", ":", 1) if k.startswith("xml_") else k: v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = _el(tag, text, **attrs)
    parent.append(el)
    return el


def _p(parent: etree._Element, text: str) -> etree._Element:
    return _sub(parent, "p", text)


def build_header(meta: Metadata, facts: HeaderFacts) -> etree._Element:
    header = _el("teiHeader")
    header.append(_file_desc(meta, facts))
    header.append(_encoding_desc(meta, facts))
    header.append(_profile_desc(meta, facts))
    header.append(_revision_desc(meta, facts))
    return header


def _file_desc(meta: Metadata, b: HeaderFacts) -> etree._Element:
    ed = meta.edition
    file_desc = _el("fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    main_title = ed.get("title") or (b.title_text or b.stem)
    _sub(title_stmt, "title", main_title, type="main")
    _sub(title_stmt, "title", ed.get("subtitle") or "Édition numérique en TEI P5", type="sub")
    author = _author(meta, b.persons)
    if author:
        _sub(title_stmt, "author", author.name, ref=f"#{author.id}")
    resp_stmt = _sub(title_stmt, "respStmt", xml_id="resp-encoding")
    _sub(resp_stmt, "resp", ed.get("resp") or "Encodage TEI (conversion automatique)")
    _sub(resp_stmt, "name", ed.get("encoder") or ed.get("publisher") or "tei-edition")

    file_desc.append(_publication(meta, b.stem))
    file_desc.append(_source_desc(meta, b, author))
    return file_desc


def _author(meta: Metadata, persons: tuple[Person, ...]) -> Person | None:
    author = persons[0] if persons else None
    if meta.source.get("author"):
        author = meta.person(meta.source["author"]) or author
    return author


def _publication(meta: Metadata, stem: str) -> etree._Element:
    ed = meta.edition
    pub = _el("publicationStmt")
    _sub(pub, "publisher", ed.get("publisher") or "Non publié (conversion tei-edition)")
    if ed.get("pub_place"):
        _sub(pub, "pubPlace", ed["pub_place"])
    if ed.get("date"):
        _sub(pub, "date", ed["date"], when=ed["date"])
    _sub(pub, "idno", ed.get("id") or stem, type="local")
    if ed.get("url"):  # where the edition is read: its citations and metadata name it
        _sub(pub, "idno", ed["url"], type="URL")
    avail = _sub(pub, "availability")
    if ed.get("licence"):
        avail.set("status", "free")
        lic = _sub(avail, "licence", ed["licence"])
        if ed.get("licence_url", "").startswith(("http://", "https://")):
            lic.set("target", ed["licence_url"])
        if ed.get("licence_note"):
            _p(avail, ed["licence_note"])
    else:
        avail.set("status", "unknown")
        _p(avail, "Aucune licence n’a été déclarée pour cette édition.")
    return pub


def _source_desc(meta: Metadata, b: HeaderFacts, author: Person | None) -> etree._Element:
    src = meta.source
    source_desc = _el("sourceDesc")
    bibl = _sub(source_desc, "bibl", xml_id="source")
    if author:
        _sub(bibl, "author", author.name, ref=f"#{author.id}")
    _sub(bibl, "title", src.get("title") or b.title_text or b.stem)
    date_attrs = {}
    if src.get("date_from") and src.get("date_to"):
        date_attrs = {"from": src["date_from"], "to": src["date_to"]}
    elif b.docdate_attrs:
        date_attrs = dict(b.docdate_attrs)
    if date_attrs or b.docdate_text:
        _sub(bibl, "date", b.docdate_text or src.get("date_from", ""), **date_attrs)
    if src.get("language"):
        _sub(bibl, "note", src["language"], type="language")
    if src.get("note"):
        _sub(bibl, "note", src["note"])
    file_note = _sub(bibl, "note", "Fichier source : ", type="file")
    _sub(file_note, "idno", b.source_name, type="filename")
    _sub(file_note, "idno", b.sha256, type="sha256").tail = " (SHA-256)."
    return source_desc


def _revision_desc(meta: Metadata, b: HeaderFacts) -> etree._Element:
    ed = meta.edition
    revisions = _el("revisionDesc")
    for r in meta.revisions:
        change = _sub(revisions, "change", r.what, when=r.when)
        if r.who:
            change.set("who", "#resp-encoding")
    auto = _sub(revisions, "change",
                f"Conversion automatique par tei-edition {__version__} depuis {b.source_name}.",
                who="#resp-encoding")
    if ed.get("date"):
        auto.set("when", ed["date"])
    return revisions


def _encoding_desc(meta: Metadata, b: HeaderFacts) -> etree._Element:
    enc = _el("encodingDesc")
    project = _sub(enc, "projectDesc")
    _p(project, "Édition numérique produite par tei-edition à partir du texte extrait d’un PDF, "
                "convertie, validée (schéma du projet et tei_all) et publiée en HTML, texte "
                "brut et liste de citations.")
    decl = _sub(enc, "editorialDecl")
    decl.append(_correction(meta, b))
    decl.append(_normalization())
    quot = _sub(decl, "quotation", marks="some")
    _p(quot, "Les guillemets qui ouvrent et ferment une citation dans la ligne (quote) ou des "
             "mots mis à distance (soCalled) ne sont pas écrits dans le texte de l’élément : son "
             "@rendition pointe vers les déclarations de tagsDecl (rendition, contenu CSS avant "
             "ou après l’élément) qui donnent les caractères imprimés, espace comprise, afin que "
             "les outils qui ajoutent leurs propres guillemets ne les doublent pas. Les autres "
             "guillemets (titres, citations en bloc) sont conservés dans le texte. Une citation "
             "ouverte en tête de paragraphe et fermée dans un paragraphe "
             "suivant est une citation en bloc (quote[@type='block']) ; une citation qui "
             "s’étend sur plusieurs paragraphes sans les couvrir entiers est découpée en parties "
             "liées par @next/@prev.")
    hyph = _sub(decl, "hyphenation", eol="hard")
    _p(hyph, "Le texte ne coupe jamais un mot en fin de ligne : un trait d’union en fin de ligne "
             "appartient à un mot composé (permettez-moi) ; il est conservé et les lignes sont "
             "jointes sans espace. Aucun trait d’union conditionnel n’est introduit.")
    seg = _sub(decl, "segmentation")
    _p(seg, "Un paragraphe se termine sur une ligne qui achève une phrase (. ! ? : … ou ») "
            "et qui est courte : le premier mot de la ligne suivante y aurait tenu. Les largeurs "
            f"sont estimées avec la métrique « {b.metric_name} » (justification "
            f"{b.measure_width:.1f}), choisie parce que, mesurées ainsi, les lignes pleines n’ont jamais "
            "la place du premier mot de la ligne suivante. "
            "Une ligne suivante raccourcie par un alinéa ouvre aussi un paragraphe.")
    _p(seg, "Règle de la marge : une ligne qui atteint la justification et achève une phrase, "
            "suivie d’une ligne à majuscule initiale, ne termine pas le paragraphe (le texte "
            "brut ne permet pas de trancher ; la justification indique que le paragraphe "
            "continue).")
    if b.uncertain:
        _p(seg, f"Les {b.uncertain} endroits où cette règle, et non le texte, a décidé que le "
                "paragraphe continue sont marqués par milestone[@unit='paragraph']"
                "[@type='uncertain'] (@cert='medium') : un éditeur qui dispose de l’imprimé peut "
                "les vérifier (tei-edition convert --list-uncertain).")
    printed = b.printed_pages
    if printed:
        pages = ", ".join(printed)
        _p(seg, f"Chaque page commence par pb. Les numéros de page ne sont imprimés que sur "
                f"les pages {pages} (pb[@type='printed']) ; les autres sont déduits en comptant "
                "les pages à partir de ces numéros (pb[@type='inferred']).")
    else:
        _p(seg, "Chaque page commence par pb. Aucun numéro de page n’est imprimé : les pages "
                "sont numérotées à partir de 1 (pb[@type='inferred']).")
    _p(seg, "Un texte réparti entre deux fonds de page (note coupée) est rejoint dans une seule "
            "note.")
    interp = _sub(decl, "interpretation")
    _p(interp, "Les personnes nommées sont encodées par persName[@ref] vers la liste des "
               "personnes de l’en-tête ; les œuvres par title[@ref] vers la liste des œuvres "
               "(sourceDesc/listBibl) ; les dates par date avec des valeurs ISO 8601. Les guillemets qui "
               "entourent le titre d’une œuvre connue donnent title ; ceux qui entourent au "
               "plus trois mots sans ponctuation donnent soCalled (mots mis à distance) ; les "
               "autres donnent quote. Une note qui contient une référence (p. N) et suit "
               "immédiatement une citation en donne la source (quote[@source] vers bibl) ; "
               "ailleurs, là où le texte dit qui il cite, une décision de l’éditeur la donne "
               "(quote[@source] vers l’œuvre citée, ou vers la personne citée quand le texte "
               "ne nomme pas l’œuvre).")
    if b.overrides:
        _p(interp, "Là où le texte ne permet pas de trancher, l’éditeur a décidé (fichier de "
                   "données) ; chaque décision est justifiée ci-dessous.")
        lst = _sub(_sub(interp, "p"), "list", type="overrides")
        for what, why, ids in b.overrides:
            item = _sub(lst, "item")
            if ids:
                item.set("corresp", " ".join(f"#{i}" for i in ids))
            _sub(item, "label", what).tail = " " + why
    _p(interp, "Les étiquettes speaker sont ajoutées par l’éditeur : le texte reçu ne nomme pas "
               "l’orateur.")
    std = _sub(decl, "stdVals")
    _p(std, "Dates en ISO 8601 (@when, @from, @to, @notBefore, @notAfter). Une date donnée dans "
            "les deux calendriers (16(3) mars 1918) porte la date grégorienne dans @when et la "
            "date julienne dans @when-custom.")
    if b.yearless:
        _p(std, f"{b.yearless} mois (ou jour et mois) nommé(s) sans année sont datés d’après la "
                "date du document, comme le dernier mois de ce nom qui ne la suit pas ; ces "
                "dates portent @cert='medium'.")

    app_info = _sub(enc, "appInfo")
    app = _sub(app_info, "application", ident="tei-edition", version=__version__)
    _sub(app, "label", "tei-edition")
    _p(app, "Convertisseur de textes extraits de PDF en TEI P5 (lecture de la mise en page, "
            "annotation, validation et publication).")
    return enc


def _correction(meta: Metadata, b: HeaderFacts) -> etree._Element:
    """What was corrected and repaired: the data file's corrections and gaps, and the notes
    the reading found lost (N6), renumbered (N4), repaired (N2) or without a mark (N8)."""
    corr = _el("correction", method="markup")
    if meta.corrections:
        _p(corr, "Les coquilles et les erreurs d’extraction sont corrigées par choice/sic/corr ; "
                 "le texte reçu reste lisible dans sic. Chaque correction est justifiée ci-dessous.")
        holder = _sub(corr, "p")
        lst = _sub(holder, "list", type="corrections")
        for index, c in enumerate(meta.corrections):
            ids = " ".join(f"#{i}" for i in b.correction_ids[index])
            item = _sub(lst, "item", corresp=ids)
            _sub(item, "label", f"{c.sic} → {c.corr}").tail = " " + c.reason
    else:
        _p(corr, "Aucune correction n’a été apportée au texte reçu.")
    if meta.gaps:
        _p(corr, f"{len(meta.gaps)} lacune(s) de l’extraction (mots perdus entre deux fragments) "
                 "sont signalées par gap à leur place, avec leur justification dans desc.")
    if b.missing_notes:
        nums = ", ".join(str(n) for n in b.missing_notes)
        _p(corr, f"Appel(s) de note sans texte dans l’extraction : {nums}. Chaque note est "
                 "conservée à son appel et ne contient qu’un élément gap.")
    if b.lost_numbers:
        nums = ", ".join(str(n) for n in b.lost_numbers)
        _p(corr, f"Notes dont le numéro a été perdu à l’extraction : {nums} ; elles sont "
                 "numérotées d’après l’ordre des appels.")
    if b.repaired_marks:  # N2
        _p(corr, "Un appel de note dont les chiffres ont été collés à d’autres à l’extraction "
                 "est lu comme le numéro attendu.")
    if b.unanchored:
        nums = ", ".join(str(n) for n in b.unanchored)
        _p(corr, f"Notes sans appel dans le texte : {nums} ; placées à la fin du paragraphe "
                 "de leur page.")
    return corr


def _normalization() -> etree._Element:
    norm = _el("normalization", method="markup")
    _p(norm, "Les lignes physiques sont réunies en paragraphes ; chaque fin de ligne, ligne "
             "blanche et espace de début de page devient une espace simple, et les suites "
             "d’espaces sont réduites à une seule. L’orthographe, la ponctuation et les "
             "apostrophes du texte reçu sont conservées.")
    _p(norm, "Les appels de note (chiffres isolés sur leur ligne) sont remplacés par l’élément "
             "note placé à l’appel, avec son numéro dans @n ; les numéros en tête des notes sont "
             "supprimés de même. Les ordinaux en exposant (XIVe) sont rattachés à leur mot "
             "dans hi[@rend='sup'].")
    _p(norm, "Les titres courants et les numéros de page imprimés sont conservés dans fw, "
             "hors du texte de lecture.")
    _p(norm, "Un titre courant ou un numéro de page d’une page qui se termine au milieu d’un "
             "paragraphe est placé juste après ce paragraphe (fw[@corresp] pointe vers le pb "
             "devant lequel il se trouvait) : aucun fw n’interrompt une phrase. Une note appelée "
             "dans un titre est placée après le titre, son appel marqué par anchor "
             "(note[@target]). Un discours sans titre imprimé reçoit l’intitulé du fichier de "
             "données, marqué comme ajout de l’éditeur (head[@type='supplied']). Dans choice, "
             "corr précède sic.")
    return norm


def _profile_desc(meta: Metadata, b: HeaderFacts) -> etree._Element:
    prof = _el("profileDesc")
    lang = _sub(prof, "langUsage")
    _sub(lang, "language", "français", ident="fr")
    if b.julian:
        cal_desc = _sub(prof, "calendarDesc")
        cal = _sub(cal_desc, "calendar", xml_id="julian")
        _p(cal, "Calendrier julien (ancien style), en usage en Russie jusqu’en février 1918.")
    setting_desc = _sub(prof, "settingDesc")
    for setting_ in b.settings:
        n, when, label = setting_.n, setting_.when, setting_.label
        setting = _sub(setting_desc, "setting", xml_id=f"setting-{n}")
        if meta.setting.get("place"):
            _sub(setting, "placeName", meta.setting["place"])
        if meta.setting.get("event") or label:
            activity = label or ""
            if meta.setting.get("event"):
                activity = f"{label} — {meta.setting['event']}" if label else meta.setting["event"]
            _sub(setting, "activity", activity)
        if when:
            _sub(setting, "date", french_date(when), when=when)
    partic = _sub(prof, "particDesc")
    lst = _sub(partic, "listPerson")
    for person in b.persons:
        pe = _sub(lst, "person", xml_id=person.id)
        _sub(pe, "persName", person.name)
        if person.birth:
            _sub(pe, "birth", when=person.birth)
        if person.death:
            _sub(pe, "death", when=person.death)
        if person.note:
            _sub(pe, "note", person.note)
    return prof
