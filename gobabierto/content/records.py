"""One declared field table per record type: the single source for validation, schemas and
`gobabierto new`. Keys are the Spanish names editors write; models use the same names."""

from __future__ import annotations

from dataclasses import dataclass, replace

from gobabierto.content import models as m
from gobabierto.content.convert import Converter
from gobabierto.content.fields import Context, Field
from gobabierto.text.i18n import LANGUAGES, N_

PILLARS = ("transparencia", "participacion", "rendicion_de_cuentas", "innovacion")
PHASES = ("convocatoria", "instalacion", "cocreacion", "implementacion", "seguimiento", "evaluacion", "concluido")
SECTORS = ("sociedad_civil", "autoridad", "organo_garante", "facilitacion")
STATUSES = ("no_iniciado", "en_proceso", "cumplido", "retrasado", "cancelado")
SESSION_TYPES = ("instalacion", "ordinaria", "extraordinaria")
ACTIVITY_TYPES = ("taller", "jornada", "capacitacion", "foro", "otro")
FOLDERS = {  # each record type's folder: content/<folder>/ and the site address /<folder>/
    "municipio": "municipios",
    "plan": "planes",
    "compromiso": "compromisos",
    "sesion": "sesiones",
    "practica": "practicas",
    "convocatoria": "convocatorias",
    "manifestacion": "manifestaciones",
    "actividad": "actividades",
    "pagina": "paginas",
}
# A host name in lower case: labels of letters, digits and inner hyphens, and a top-level domain.
DOMAIN_PATTERN = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
# a size with its unit: «1 GB», «500 MB», «1.5 GB» (decimal units: 1 GB = 1000 MB)
SIZE_PATTERN = r"[0-9]+(?:[.,][0-9]+)? ?[MmGg][Bb]"


def text(key, required=False, doc="", **kw):
    return Field(key, "text", required, doc, **kw)


def texts(key, doc="", **kw):
    return Field(key, "list", False, doc, item=Field(key, "text"), **kw)


def ref_folder(kind: str) -> str:
    """Where the records a slug of `kind` names are: what a message tells the editor."""
    return "datasets/" if kind == "dataset" else f"content/{FOLDERS[kind]}/"


def ref(key, kind, required=False, doc=""):
    return Field(key, "slug", required, doc or f"identificador de un registro de tipo {kind}", ref=kind,
                 ref_folder=ref_folder(kind))


def refs(key, kind, doc=""):
    return Field(key, "list", False, doc or f"identificadores de registros de tipo {kind}",
                 item=Field(key, "slug", ref=kind, ref_folder=ref_folder(kind)))


def links(key, doc="enlaces https:// o rutas de archivos dentro de static/"):
    return Field(key, "list", False, doc, item=Field(key, "link"))


def day(key, required=False, doc=""):
    return Field(key, "date", required, doc or "fecha AAAA-MM-DD")


INSTITUTION = (
    text("nombre", True, "nombre completo de la institución", example="Instituto de Transparencia del Estado"),
    text("siglas", doc="siglas de la institución", example="ITE"),
    Field("url", "url", doc="sitio web"),
)
CONTACT = (
    Field("correo", "email", doc="correo electrónico de contacto"),
    text("telefono", doc="teléfono de contacto", example='"+52 222 000 0000"'),
    text("direccion", doc="domicilio", example="Palacio Municipal s/n, Centro"),
)
LINK = (text("titulo", True, "nombre del documento", example="Acta de la sesión"),
        Field("url", "link", True, "enlace https:// o ruta del archivo dentro de static/"))


def institution(key, doc="institución: nombre, siglas y url"):
    return Field(key, "object", doc=doc, fields=INSTITUTION, model=m.Institution, shorthand=("nombre",))


def contact(key):
    return Field(key, "object", doc="correo, telefono y direccion", fields=CONTACT, model=m.Contact,
                 shorthand=("correo",))


def urls(key, doc="lista de enlaces https://", **kw):
    return Field(key, "list", False, doc, item=Field(key, "url"), **kw)


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
# Every record type ends with it: a draft is checked (its problems as warnings) and never published.
DRAFT = Field("borrador", "bool", doc="con true, el registro se revisa pero no se publica (ni su página, ni en listas,"
              " calendario, novedades, datos abiertos o buscador); borra la línea cuando esté listo")


def _register(rt: RecordType) -> None:
    RECORD_TYPES[rt.kind] = replace(rt, fields=(*rt.fields, DRAFT))


def is_draft(data) -> bool:
    """Whether a parsed record says `borrador: true`: known before its fields are checked, so
    that its problems can be reported as warnings."""
    return isinstance(data, dict) and data.get(DRAFT.key) is True


_register(RecordType("municipio", FOLDERS["municipio"], m.Municipality, (
    text("nombre", True, "nombre oficial del municipio", example="Villa Alta"),
    text("estado", True, "entidad federativa", example="Durango"),
    text("clave_inegi", doc="clave geoestadística de 5 dígitos, entre comillas", pattern=r"\d{5}",
         pattern_doc="una clave INEGI de 5 dígitos entre comillas, por ejemplo «\"15037\"»", example='"15037"'),
    text("periodo", doc="periodo de la administración, por ejemplo 2022-2025", pattern=r"\d{4}\s*-\s*\d{4}",
         pattern_doc="un periodo como «2022-2025»", example="2022-2025"),
    text("presidencia", doc="nombre de quien preside el municipio", example="María López Pérez"),
    institution("organo_garante", "órgano garante de transparencia del estado"),
    Field("sitio_web", "url", doc="sitio web oficial del municipio"),
    Field("comunidades", "int", minimum=0, doc="número de comunidades", example="53"),
    Field("poblacion", "int", minimum=0, doc="habitantes", example="28500"),
    Field("escudo", "link", doc="imagen del escudo dentro de static/", local=True, example="img/escudo.svg"),
    contact("contacto"),
    urls("redes", "enlaces a redes sociales", example="[https://www.facebook.com/municipio]"),
), N_("Municipio"), N_("Municipios"), body_doc="descripción del municipio"))

_register(RecordType("plan", FOLDERS["plan"], m.Plan, (
    text("titulo", True, "nombre del plan", example="Tercer Plan de Acción Local"),
    Field("edicion", "int", True, "número de edición del plan: 1, 2, 3…", minimum=1, example="3"),
    Field("ambito", "enum", True, "si el plan es de un estado o de un municipio", choices=("estatal", "municipal")),
    text("estado", True, "entidad federativa", example="Durango"),
    refs("municipios", "municipio", "municipios que participan (identificadores)"),
    Field("periodo", "object", True, "inicio y fin del plan", fields=(
        day("inicio", True, "fecha en que empieza el plan"), day("fin", True, "fecha en que termina el plan")),
        model=m.Period),
    institution("organo_garante"),
    Field("fase", "enum", True, "etapa en que está el plan", choices=PHASES),
    Field("secretariado", "list", doc="integrantes del Secretariado Técnico Local", item=Field(
        "secretariado", "object", fields=(
            text("nombre", True, "nombre de la persona", example="Ana Martínez Ruiz"),
            Field("sector", "enum", True, "sector que representa", choices=SECTORS),
            text("organizacion", doc="organización o dependencia a la que pertenece",
                 example="Observatorio Ciudadano de Durango"),
            text("cargo", doc="cargo en su organización", example="Coordinadora"),
            day("desde", doc="fecha de designación"),
            day("hasta", doc="fecha en que dejó el cargo"),
        ), model=m.SecretariatMember)),
    ref("convocatoria", "convocatoria", doc="convocatoria para participar en el plan (identificador)"),
), N_("Plan de Acción Local"), N_("Planes de Acción Local"), body_doc="texto del plan"))

_register(RecordType("compromiso", FOLDERS["compromiso"], m.Commitment, (
    text("titulo", True, "nombre del compromiso", example="Agua potable en las comunidades"),
    ref("plan", "plan", True, "plan de acción al que pertenece (identificador)"),
    ref("municipio", "municipio", doc="municipio del compromiso (identificador); si el plan es de uno solo, es ese"),
    text("problematica", True, "el problema público que atiende",
         example="Doce comunidades no tienen red de agua potable."),
    text("objetivo", True, "lo que el compromiso busca lograr",
         example="Publicar y dar seguimiento a las obras de agua potable."),
    Field("pilares", "list", True, "uno o más de: " + ", ".join(PILLARS), min_items=1,
          item=Field("pilares", "enum", choices=PILLARS)),
    Field("ods", "list", doc="Objetivos de Desarrollo Sostenible (1 a 17)",
          item=Field("ods", "int", minimum=1, maximum=17), example="[6, 11]"),
    text("responsable", True, "institución responsable", example="Dirección de Obras Públicas"),
    texts("corresponsables", "instituciones de gobierno corresponsables", example="[Comisión Estatal del Agua]"),
    texts("sociedad_civil", "organizaciones de la sociedad civil, academia o colectivos corresponsables",
          example="[Colectivo Agua para Todos]"),
    day("fecha_inicio", True, "fecha en que empieza el compromiso"),
    day("fecha_fin", True, "fecha en que el compromiso debe estar cumplido"),
    Field("estatus", "enum", choices=STATUSES, doc="si se omite, se calcula con los hitos y la fecha"),
    Field("avance", "number", minimum=0, maximum=100, doc="porcentaje 0–100; si se omite, se calcula con los hitos",
          example="40"),
    Field("hitos", "list", doc="entregables con fecha", item=Field("hitos", "object", fields=(
        text("descripcion", True, "qué se entrega", example="Padrón de comunidades sin red publicado"),
        day("fecha", True, "fecha comprometida"),
        day("cumplido", doc="fecha en que se cumplió"),
        Field("peso", "number", minimum=0.01, doc="peso relativo (1 por omisión)", example="2"),
        links("evidencias", "enlaces https:// o rutas de archivos dentro de static/ que demuestran que se cumplió"),
    ), model=m.Milestone)),
    Field("indicadores", "list", doc="lo que se mide para seguir el compromiso", item=Field("indicadores", "object", fields=(
        text("nombre", True, "qué se mide", example="Comunidades con red de agua potable"),
        text("unidad", doc="unidad de medida; con MXN los valores se muestran como montos en pesos",
             example="comunidades"),
        Field("linea_base", "number", doc="valor al empezar", example="0"),
        Field("meta", "number", doc="valor que se quiere alcanzar", example="12"),
        Field("valor", "number", doc="valor actual", example="4"),
        day("fecha", doc="fecha del valor actual"),
    ), model=m.Indicator)),
    refs("datasets", "dataset", "conjuntos de datos relacionados (carpetas en datasets/)"),
    links("evidencias", "enlaces https:// o rutas de archivos dentro de static/ sobre el compromiso"),
    Field("evaluacion", "object", doc="valoración independiente con las escalas del MRI de OGP", fields=(
        Field("verificable", "bool", doc="si el compromiso se puede verificar"),
        Field("impacto_potencial", "enum", doc="impacto que podría tener", choices=("incierto", "moderado", "sustancial")),
        Field("cumplimiento", "enum", doc="cuánto se cumplió",
              choices=("sin_evidencia", "no_iniciado", "limitado", "sustancial", "completo")),
        Field("abrio_el_gobierno", "enum", doc="¿abrió el gobierno?",
              choices=("empeoro", "no_cambio", "marginal", "significativo", "sobresaliente")),
        Field("fuente", "url", doc="enlace al informe de la evaluación"),
    ), model=m.Assessment),
), N_("Compromiso"), N_("Compromisos")))

_register(RecordType("sesion", FOLDERS["sesion"], m.Session, (
    text("titulo", True, "nombre de la sesión", example="Primera sesión ordinaria de 2025"),
    text("organo", True, "nombre completo del órgano colegiado", example="Comisión Intersecretarial de Gobierno Abierto"),
    ref("municipio", "municipio", doc="municipio donde se celebró la sesión (identificador)"),
    ref("plan", "plan", doc="plan de acción que la sesión trató (identificador)"),
    Field("tipo", "enum", True, "tipo de sesión", choices=SESSION_TYPES),
    Field("numero", "int", minimum=1, doc="número de la sesión", example="1"),
    Field("ejercicio", "int", minimum=1900, maximum=2100, doc="año del ejercicio", example="2025"),
    day("fecha", True, "fecha de la sesión"),
    texts("objetivos", "objetivos de la sesión", example="[Instalar la Comisión]"),
    texts("relevancia", "¿por qué se considera relevante?", example="[Es la primera sesión de la Comisión]"),
    text("aportacion", doc="aportación a la administración pública", example="Coordina a las dependencias del plan."),
    texts("acciones", "acciones realizadas", example="[Se presentó el calendario de trabajo]"),
    texts("acuerdos", "acuerdos tomados", example="[Sesionar cada tres meses]"),
    texts("asistentes", "personas o instituciones que asistieron", example="[Secretaría de la Contraloría]"),
    Field("documentos", "list", doc="actas, presentaciones y otros documentos de la sesión",
          item=Field("documentos", "object", fields=LINK, model=m.Link)),
    refs("compromisos", "compromiso", "compromisos que la sesión trató (identificadores)"),
), N_("Sesión"), N_("Sesiones")))

_register(RecordType("practica", FOLDERS["practica"], m.GoodPractice, (
    text("titulo", True, "nombre de la práctica", example="Registro público de obras por comunidad"),
    ref("municipio", "municipio", True, "municipio que la realiza (identificador)"),
    text("programa", doc="reconocimiento o programa al que se presentó", example="Premio a la Innovación en Transparencia"),
    text("otorgante", doc="institución que otorga el reconocimiento", example="Instituto de Transparencia del Estado"),
    day("fecha", doc="fecha del reconocimiento o de la presentación"),
    Field("pilares", "list", doc="pilares de gobierno abierto que aplica", item=Field("pilares", "enum", choices=PILLARS)),
    texts("fundamento_legal", "leyes y artículos en que se basa",
          example='["Ley General de Transparencia y Acceso a la Información Pública, artículo 70"]'),
    links("evidencias", "enlaces https:// o rutas de archivos dentro de static/ que la documentan"),
    refs("compromisos", "compromiso", "compromisos con los que se relaciona (identificadores)"),
), N_("Buena práctica"), N_("Buenas prácticas")))

_register(RecordType("convocatoria", FOLDERS["convocatoria"], m.Call, (
    text("titulo", True, "nombre de la convocatoria", example="Convocatoria al Tercer Plan de Acción Local"),
    text("convocante", True, "quién convoca", example="Secretariado Técnico Local"),
    ref("plan", "plan", doc="plan de acción para el que se convoca (identificador)"),
    text("dirigida_a", doc="a quién se dirige", example="Organizaciones de la sociedad civil y academia"),
    day("fecha_apertura", True, "primer día para registrarse"),
    day("fecha_cierre", True, "último día para registrarse"),
    texts("requisitos", "requisitos para participar", example="[Carta de exposición de motivos]"),
    Field("enlace_registro", "url", doc="enlace al formulario de registro"),
    Field("correo", "email", doc="correo para dudas"),
    texts("etiquetas", "etiquetas o hashtags, sin «#»", example="[GobiernoAbiertoDurango]"),
), N_("Convocatoria"), N_("Convocatorias")))

_register(RecordType("manifestacion", FOLDERS["manifestacion"], m.Letter, (
    text("titulo", True, "nombre de la manifestación", example="Manifestación de intención de Villa Alta"),
    ref("municipio", "municipio", True, "municipio que la firma (identificador)"),
    ref("plan", "plan", doc="plan o ejercicio de gobierno abierto al que se suma (identificador)"),
    day("fecha", True, "fecha de la firma"),
    text("lugar", doc="lugar de la firma", example="Villa Alta, Durango"),
    text("destinatario", doc="a quién se dirige", example="Secretariado Técnico Local"),
    Field("firmantes", "list", doc="quienes firman", item=Field("firmantes", "object", fields=(
        text("nombre", True, "nombre de quien firma", example="María López Pérez"),
        text("cargo", True, "cargo de quien firma", example="Presidenta Municipal")), model=m.Signatory)),
    texts("considerandos", "se muestran con letras A, B, C…", example="[Impulsar la participación ciudadana]"),
), N_("Manifestación de intención"), N_("Manifestaciones de intención")))

_register(RecordType("actividad", FOLDERS["actividad"], m.Activity, (
    text("titulo", True, "nombre de la actividad", example="Taller de datos abiertos"),
    ref("municipio", "municipio", doc="municipio de la actividad (identificador)"),
    Field("tipo", "enum", doc="tipo de actividad", choices=ACTIVITY_TYPES),
    day("fecha", True, "fecha de la actividad"),
    text("lugar", doc="dónde se realizó", example="Casa de la Cultura"),
    links("evidencias", "enlaces https:// o rutas de archivos dentro de static/ que la documentan"),
    ref("plan", "plan", doc="plan de acción al que pertenece (identificador)"),
    refs("compromisos", "compromiso", "compromisos a los que contribuye (identificadores)"),
), N_("Actividad"), N_("Actividades")))

_register(RecordType("pagina", FOLDERS["pagina"], m.Page, (
    text("titulo", True, "título de la página", example="¿Qué es Gobierno Abierto?"),
    Field("orden", "int", doc="posición en listas y menús", example="1"),
), N_("Página"), N_("Páginas")))

BY_FOLDER = {rt.folder: rt for rt in RECORD_TYPES.values()}

NAV_SECTIONS = ("inicio", "municipios", "planes", "compromisos", "sesiones", "practicas",
                "convocatorias", "manifestaciones", "actividades", "datos")

SETTINGS_FIELDS = (
    text("titulo", True, "nombre del sitio", example="Gobierno Abierto de Villa Alta"),
    text("descripcion", doc="de qué trata el sitio, en una o dos frases; la leen los buscadores",
         example="Compromisos, sesiones y datos abiertos del municipio."),
    Field("url", "url", doc="dirección pública del sitio, por ejemplo https://usuario.github.io/repositorio/",
          example="https://usuario.github.io/repositorio/"),
    text("dominio", doc="dominio propio del sitio, sin https:// ni rutas, por ejemplo transparencia.municipio.gob.mx;"
         " se publica en el archivo CNAME", pattern=DOMAIN_PATTERN,
         pattern_doc="solo el nombre del dominio, sin «https://» ni «/», por ejemplo «transparencia.municipio.gob.mx»",
         example="transparencia.municipio.gob.mx"),
    Field("idioma", "enum", doc="idioma de lo que el sitio escribe por sí mismo: menús, avisos, fechas y cifras",
          choices=LANGUAGES, default="es-MX"),
    text("zona_horaria", doc="zona horaria IANA, por ejemplo America/Mexico_City", example="America/Mexico_City"),
    institution("organo_garante"),
    text("licencia", doc="licencia por omisión de los datos, por ejemplo CC-BY-4.0", example="CC-BY-4.0"),
    contact("contacto"),
    texts("navegacion", "orden del menú: " + ", ".join(NAV_SECTIONS) + " o paginas/<identificador>",
          example="[inicio, paginas/que-es, compromisos, datos]"),
    urls("redes", "enlaces a las redes sociales del sitio", example="[https://www.facebook.com/municipio]"),
    Field("por_pagina", "int", doc="cuántos elementos muestra cada página de una lista (compromisos, sesiones,"
          " municipios, datos…); una lista más larga se divide en páginas", minimum=1, maximum=500, default=50,
          example="50"),
    Field("busqueda", "bool", doc="si el sitio tiene buscador; con false se publica sin índice de búsqueda y sin"
          " el cuadro de búsqueda", default=True, example="false"),
    text("limite_publicacion", doc="tamaño máximo del sitio publicado, con su unidad (MB o GB): la construcción"
         " avisa desde el 80 % y falla si el sitio lo pasa, sin tocar el sitio ya publicado. Por omisión 1 GB, el"
         " límite de GitHub Pages; si publicas en otro servicio, escribe el suyo", pattern=SIZE_PATTERN,
         pattern_doc="un tamaño con su unidad, por ejemplo «1 GB» o «500 MB»", default="1 GB", example="1 GB"),
    Field("limite_publicacion_bloquea", "bool", doc="si pasar «limite_publicacion» detiene la construcción (true) o"
          " es solo una advertencia y el sitio se publica igual (false)", default=True, example="false"),
    Field("datos_json", "bool", doc="si cada CSV de los conjuntos de datos se publica también como JSON (una lista de"
          " objetos, uno por fila); con false solo se publican los CSV, y el sitio pesa menos. Un CSV de más de 5 MB"
          " nunca tiene copia JSON", default=True, example="false"),
    Field("marca", "object", doc="identidad visual del sitio", fields=(
        Field("logo", "link", doc="imagen dentro de static/", local=True, example="img/logo.svg"),
        Field("color", "color", doc="color principal #rrggbb, con contraste suficiente contra blanco"),
        text("pie", doc="texto del pie de página", example="H. Ayuntamiento de Villa Alta"),
        Field("sitio_principal", "url", doc="sitio web principal del municipio o la institución"),
        Field("portal_transparencia", "url", doc="portal de transparencia del municipio o la institución"),
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
