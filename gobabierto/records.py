"""One declared field table per record type: the single source for validation, schemas and
`gobabierto new`. Keys are the Spanish names editors write; models use the same names."""

from __future__ import annotations

from dataclasses import dataclass

from . import models as m
from .fields import Context, Converter, Field
from .i18n import LANGUAGES, N_

PILLARS = ("transparencia", "participacion", "rendicion_de_cuentas", "innovacion")
PHASES = ("convocatoria", "instalacion", "cocreacion", "implementacion", "seguimiento", "evaluacion", "concluido")
SECTORS = ("sociedad_civil", "autoridad", "organo_garante", "facilitacion")
STATUSES = ("no_iniciado", "en_proceso", "cumplido", "retrasado", "cancelado")
SESSION_TYPES = ("instalacion", "ordinaria", "extraordinaria")
ACTIVITY_TYPES = ("taller", "jornada", "capacitacion", "foro", "otro")
# A host name in lower case: labels of letters, digits and inner hyphens, and a top-level domain.
DOMAIN_PATTERN = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"


def text(key, required=False, doc="", **kw):
    return Field(key, "text", required, doc, **kw)


def texts(key, doc="", **kw):
    return Field(key, "list", False, doc, item=Field(key, "text"), **kw)


def ref(key, kind, required=False, doc=""):
    return Field(key, "slug", required, doc or f"identificador de un registro de tipo {kind}", ref=kind)


def refs(key, kind, doc=""):
    return Field(key, "list", False, doc or f"identificadores de registros de tipo {kind}",
                 item=Field(key, "slug", ref=kind))


def links(key, doc="enlaces https:// o rutas de archivos dentro de static/"):
    return Field(key, "list", False, doc, item=Field(key, "link"))


def day(key, required=False, doc=""):
    return Field(key, "date", required, doc or "fecha AAAA-MM-DD")


INSTITUTION = (
    text("nombre", True, "nombre completo de la institución"),
    text("siglas"),
    Field("url", "url", doc="sitio web"),
)
CONTACT = (
    Field("correo", "email"),
    text("telefono"),
    text("direccion"),
)
DATASET_CONTACT = (text("nombre"), Field("correo", "email"))
LINK = (text("titulo", True), Field("url", "link", True))


def institution(key, doc="institución: nombre, siglas y url"):
    return Field(key, "object", doc=doc, fields=INSTITUTION, model=m.Institution, shorthand=("nombre",))


def contact(key):
    return Field(key, "object", doc="correo, telefono y direccion", fields=CONTACT, model=m.Contact,
                 shorthand=("correo",))


def urls(key, doc="lista de enlaces https://"):
    return Field(key, "list", False, doc, item=Field(key, "url"))


@dataclass(frozen=True)
class RecordType:
    kind: str       # the name editors use with `gobabierto new`
    folder: str     # content/<folder>/ and the site address /<folder>/
    model: type
    fields: tuple[Field, ...]
    singular: str   # Spanish labels for pages and messages
    plural: str
    has_body: bool = True
    body_doc: str = ""


RECORD_TYPES: dict[str, RecordType] = {}


def _register(rt: RecordType) -> None:
    RECORD_TYPES[rt.kind] = rt


_register(RecordType("municipio", "municipios", m.Municipality, (
    text("nombre", True, "nombre oficial del municipio"),
    text("estado", True, "entidad federativa"),
    text("clave_inegi", doc="clave geoestadística de 5 dígitos, entre comillas", pattern=r"\d{5}",
         pattern_doc="una clave INEGI de 5 dígitos entre comillas, por ejemplo «\"15037\"»"),
    text("periodo", doc="periodo de la administración, por ejemplo 2022-2025", pattern=r"\d{4}\s*-\s*\d{4}",
         pattern_doc="un periodo como «2022-2025»"),
    text("presidencia", doc="nombre de quien preside el municipio"),
    institution("organo_garante", "órgano garante de transparencia del estado"),
    Field("sitio_web", "url"),
    Field("comunidades", "int", minimum=0, doc="número de comunidades"),
    Field("poblacion", "int", minimum=0, doc="habitantes"),
    Field("escudo", "link", doc="imagen del escudo dentro de static/", local=True),
    contact("contacto"),
    urls("redes", "enlaces a redes sociales"),
), N_("Municipio"), N_("Municipios"), body_doc="descripción del municipio"))

_register(RecordType("plan", "planes", m.Plan, (
    text("titulo", True),
    Field("edicion", "int", True, "número de edición del plan: 1, 2, 3…", minimum=1),
    Field("ambito", "enum", True, choices=("estatal", "municipal")),
    text("estado", True, "entidad federativa"),
    refs("municipios", "municipio", "municipios que participan (identificadores)"),
    Field("periodo", "object", True, "inicio y fin del plan", fields=(day("inicio", True), day("fin", True)), model=m.Period),
    institution("organo_garante"),
    Field("fase", "enum", True, choices=PHASES),
    Field("secretariado", "list", doc="integrantes del Secretariado Técnico Local", item=Field(
        "secretariado", "object", fields=(
            text("nombre", True),
            Field("sector", "enum", True, choices=SECTORS),
            text("organizacion"),
            text("cargo"),
            day("desde", doc="fecha de designación"),
            day("hasta", doc="fecha en que dejó el cargo"),
        ), model=m.SecretariatMember)),
    ref("convocatoria", "convocatoria"),
), N_("Plan de Acción Local"), N_("Planes de Acción Local"), body_doc="texto del plan"))

_register(RecordType("compromiso", "compromisos", m.Commitment, (
    text("titulo", True),
    ref("plan", "plan", True),
    ref("municipio", "municipio"),
    text("problematica", True, "el problema público que atiende"),
    text("objetivo", True),
    Field("pilares", "list", True, "uno o más de: " + ", ".join(PILLARS), min_items=1,
          item=Field("pilares", "enum", choices=PILLARS)),
    Field("ods", "list", doc="Objetivos de Desarrollo Sostenible (1 a 17)",
          item=Field("ods", "int", minimum=1, maximum=17)),
    text("responsable", True, "institución responsable"),
    texts("corresponsables", "instituciones de gobierno corresponsables"),
    texts("sociedad_civil", "organizaciones de la sociedad civil, academia o colectivos corresponsables"),
    day("fecha_inicio", True),
    day("fecha_fin", True),
    Field("estatus", "enum", choices=STATUSES, doc="si se omite, se calcula con los hitos y la fecha"),
    Field("avance", "number", minimum=0, maximum=100, doc="porcentaje 0–100; si se omite, se calcula con los hitos"),
    Field("hitos", "list", doc="entregables con fecha", item=Field("hitos", "object", fields=(
        text("descripcion", True),
        day("fecha", True, "fecha comprometida"),
        day("cumplido", doc="fecha en que se cumplió"),
        Field("peso", "number", minimum=0.01, doc="peso relativo (1 por omisión)"),
        links("evidencias"),
    ), model=m.Milestone)),
    Field("indicadores", "list", item=Field("indicadores", "object", fields=(
        text("nombre", True),
        text("unidad"),
        Field("linea_base", "number"),
        Field("meta", "number"),
        Field("valor", "number"),
        day("fecha", doc="fecha del valor actual"),
    ), model=m.Indicator)),
    refs("datasets", "dataset", "conjuntos de datos relacionados (carpetas en datasets/)"),
    links("evidencias"),
    Field("evaluacion", "object", doc="valoración independiente con las escalas del MRI de OGP", fields=(
        Field("verificable", "bool"),
        Field("impacto_potencial", "enum", choices=("incierto", "moderado", "sustancial")),
        Field("cumplimiento", "enum", choices=("sin_evidencia", "no_iniciado", "limitado", "sustancial", "completo")),
        Field("abrio_el_gobierno", "enum", choices=("empeoro", "no_cambio", "marginal", "significativo", "sobresaliente")),
        Field("fuente", "url"),
    ), model=m.Assessment),
), N_("Compromiso"), N_("Compromisos")))

_register(RecordType("sesion", "sesiones", m.Session, (
    text("titulo", True),
    text("organo", True, "nombre completo del órgano colegiado"),
    ref("municipio", "municipio"),
    ref("plan", "plan", doc="plan de acción que la sesión trató (identificador)"),
    Field("tipo", "enum", True, choices=SESSION_TYPES),
    Field("numero", "int", minimum=1),
    Field("ejercicio", "int", minimum=1900, maximum=2100, doc="año del ejercicio"),
    day("fecha", True),
    texts("objetivos"),
    texts("relevancia", "¿por qué se considera relevante?"),
    text("aportacion", doc="aportación a la administración pública"),
    texts("acciones"),
    texts("acuerdos"),
    texts("asistentes"),
    Field("documentos", "list", item=Field("documentos", "object", fields=LINK, model=m.Link)),
    refs("compromisos", "compromiso"),
), N_("Sesión"), N_("Sesiones")))

_register(RecordType("practica", "practicas", m.GoodPractice, (
    text("titulo", True),
    ref("municipio", "municipio", True),
    text("programa", doc="reconocimiento o programa al que se presentó"),
    text("otorgante"),
    day("fecha"),
    Field("pilares", "list", item=Field("pilares", "enum", choices=PILLARS)),
    texts("fundamento_legal"),
    links("evidencias"),
    refs("compromisos", "compromiso", "compromisos con los que se relaciona (identificadores)"),
), N_("Buena práctica"), N_("Buenas prácticas")))

_register(RecordType("convocatoria", "convocatorias", m.Call, (
    text("titulo", True),
    text("convocante", True),
    ref("plan", "plan"),
    text("dirigida_a"),
    day("fecha_apertura", True),
    day("fecha_cierre", True),
    texts("requisitos"),
    Field("enlace_registro", "url"),
    Field("correo", "email"),
    texts("etiquetas"),
), N_("Convocatoria"), N_("Convocatorias")))

_register(RecordType("manifestacion", "manifestaciones", m.Letter, (
    text("titulo", True),
    ref("municipio", "municipio", True),
    ref("plan", "plan", doc="plan o ejercicio de gobierno abierto al que se suma (identificador)"),
    day("fecha", True),
    text("lugar"),
    text("destinatario"),
    Field("firmantes", "list", item=Field("firmantes", "object", fields=(
        text("nombre", True), text("cargo", True)), model=m.Signatory)),
    texts("considerandos", "se muestran con letras A, B, C…"),
), N_("Manifestación de intención"), N_("Manifestaciones de intención")))

_register(RecordType("actividad", "actividades", m.Activity, (
    text("titulo", True),
    ref("municipio", "municipio"),
    Field("tipo", "enum", choices=ACTIVITY_TYPES),
    day("fecha", True),
    text("lugar"),
    links("evidencias"),
    ref("plan", "plan", doc="plan de acción al que pertenece (identificador)"),
    refs("compromisos", "compromiso", "compromisos a los que contribuye (identificadores)"),
), N_("Actividad"), N_("Actividades")))

_register(RecordType("pagina", "paginas", m.Page, (
    text("titulo", True),
    Field("orden", "int", doc="posición en listas y menús"),
), N_("Página"), N_("Páginas")))

BY_FOLDER = {rt.folder: rt for rt in RECORD_TYPES.values()}

NAV_SECTIONS = ("inicio", "municipios", "planes", "compromisos", "sesiones", "practicas",
                "convocatorias", "manifestaciones", "actividades", "datos")

SETTINGS_FIELDS = (
    text("titulo", True, "nombre del sitio"),
    text("descripcion"),
    Field("url", "url", doc="dirección pública del sitio, por ejemplo https://usuario.github.io/repositorio/"),
    text("dominio", doc="dominio propio del sitio, sin https:// ni rutas, por ejemplo transparencia.municipio.gob.mx;"
         " se publica en el archivo CNAME", pattern=DOMAIN_PATTERN,
         pattern_doc="solo el nombre del dominio, sin «https://» ni «/», por ejemplo «transparencia.municipio.gob.mx»"),
    Field("idioma", "enum", choices=LANGUAGES, default="es-MX"),
    text("zona_horaria", doc="zona horaria IANA, por ejemplo America/Mexico_City"),
    institution("organo_garante"),
    text("licencia", doc="licencia por omisión de los datos, por ejemplo CC-BY-4.0"),
    contact("contacto"),
    texts("navegacion", "orden del menú: " + ", ".join(NAV_SECTIONS) + " o paginas/<identificador>"),
    urls("redes"),
    Field("por_pagina", "int", doc="cuántos elementos muestra cada página de una lista (compromisos, sesiones,"
          " municipios, datos…); una lista más larga se divide en páginas", minimum=1, maximum=500, default=50),
    Field("marca", "object", doc="identidad visual del sitio", fields=(
        Field("logo", "link", doc="imagen dentro de static/", local=True),
        Field("color", "color", doc="color principal #rrggbb, con contraste suficiente contra blanco"),
        text("pie", doc="texto del pie de página"),
        Field("sitio_principal", "url"),
        Field("portal_transparencia", "url"),
    ), model=m.Brand),
)


def to_record(rt: RecordType, slug: str, doc, problems, static_dir):
    """A parsed document → the record type's model, or None after recording problems."""
    ctx = Context(doc.path, doc.source_map, problems, static_dir=static_dir)
    converter = Converter(ctx)
    data = doc.data
    if data is None:
        required = ", ".join(f.key for f in rt.fields if f.required)
        problems.add("registro-vacio", f"el registro no tiene campos: escribe al menos los obligatorios ({required});"
                     f" «gobabierto new {rt.kind} NOMBRE» crea un registro con todos listos para llenar", doc.path, 1)
        return None
    values = converter.convert_mapping(data, rt.fields, ())
    if values is None:
        return None
    # A record with bad fields is still returned (model defaults stand in for what is
    # missing) so that its references are checked in the same run; the error gate keeps
    # it from ever being published.
    origin = m.Origin(doc.path, doc.source_map, doc.body_line)
    return converter.build(rt.model, values, kind=rt.kind, slug=slug, origin=origin, body=doc.body)
