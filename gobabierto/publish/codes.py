"""Every problem code gobabierto reports, with its severity and what it means (in Spanish,
for editors), grouped by where it comes up. The field reference (docs/referencia.md) prints
this table; tests/publish/test_codes.py reads the package's source and fails when a code is used
and not listed here, listed and never used, or listed with another severity."""

from __future__ import annotations

from gobabierto.content.readers import MAX_DEPTH, MAX_FILE_BYTES, MAX_ITEMS
from gobabierto.core.problems import ERROR, WARNING
from gobabierto.datasets.descriptor import DESCRIPTION_MAX, DESCRIPTION_MIN
from gobabierto.datasets.limits import MAX_CELL_CHARS
from gobabierto.datasets.summaries import MAX_GROUPS
from gobabierto.datasets.tabular import MAX_BYTES, MB, WARN_BYTES
from gobabierto.datasets.views import MAX_BARS, MAX_POINTS, MAX_SERIES, MAX_VEGA_ROWS, MAX_VIEWS

E, W = (ERROR,), (WARNING,)

# (title, what the codes of the section have in common, code → (severities, meaning))
SECTIONS: tuple[tuple[str, str, dict[str, tuple[tuple[str, ...], str]]], ...] = (
    ("Archivos, carpetas y YAML", "Al leer los archivos del sitio, antes de mirar sus campos.", {
        "archivo-binario": (E, "el archivo tiene caracteres nulos: no es un archivo de texto"),
        "archivo-demasiado-grande": (E, f"un registro o un descriptor de más de {MAX_FILE_BYTES // MB} MB; divide su"
                                        " contenido"),
        "archivo-ignorado": (W, "un archivo fuera de su lugar (fuera de la carpeta de su tipo, en una subcarpeta, con"
                                " otra extensión que .md o .yml, o suelto en datasets/) que no se publica"),
        "archivo-ilegible": (E, "el sistema no dejó leer el archivo (permisos, disco)"),
        "caracter-invisible": (E, "un carácter de control invisible, que suele llegar al copiar y pegar desde Word o un"
                                  " PDF, o al escribir un escape como «\\v»"),
        "carpeta-ausente": (E, "no existe la carpeta content/ con los registros del sitio"),
        "carpeta-desconocida": (E, "una carpeta de content/ que no es de ningún tipo de registro"),
        "clave-duplicada": (E, "la misma clave aparece dos veces en un grupo"),
        "codificacion-invalida": (E, "el archivo no está en UTF-8 (se guardó como ANSI o Latin-1)"),
        "configuracion-ausente": (E, "no existe gobabierto.yml en la raíz del sitio"),
        "enlace-simbolico": (E, "un enlace simbólico en lugar de un archivo o una carpeta real: no se lee ni se"
                                " publica"),
        "front-matter-ausente": (E, "un archivo .md que no empieza con la línea «---» de sus campos"),
        "front-matter-sin-cierre": (E, "falta la línea «---» que cierra los campos de un archivo .md"),
        "slug-duplicado": (E, "dos archivos del mismo tipo con el mismo nombre (por ejemplo .md y .yml)"),
        "slug-invalido": (E, "un nombre de archivo o de carpeta, o un identificador escrito en un campo, que no es de"
                             " minúsculas sin acentos, números y guiones"),
        "slug-reservado": (E, "una carpeta de datasets/ con un nombre que el sitio usa para otra cosa (registros)"),
        "yaml-alias": (E, "un alias de YAML («*nombre»): escribe el valor completo"),
        "yaml-ancla": (E, "un ancla de YAML («&nombre»): escribe el valor completo"),
        "yaml-barra-invertida": (E, "una ruta de Windows (con «\\») entre comillas dobles, donde YAML lee las barras"
                                    " invertidas como códigos especiales"),
        "yaml-caracter-reservado": (E, "un texto sin comillas que empieza con un carácter que YAML reserva («@», «`»)"),
        "yaml-clave-invalida": (E, "una clave que es una lista o un grupo en lugar de un nombre"),
        "yaml-comillas-sin-cerrar": (E, "unas comillas que abren y no cierran en su línea"),
        "yaml-comillas-tipograficas": (E, "un valor entre comillas tipográficas (“ ”, las que pone Word), que YAML no"
                                          " toma como comillas"),
        "yaml-demasiado-profundo": (E, f"el contenido está anidado a más de {MAX_DEPTH} niveles"),
        "yaml-demasiados-elementos": (E, f"una lista o un grupo con más de {MAX_ITEMS:,} elementos"),
        "yaml-dos-puntos": (E, "un texto sin comillas que lleva «: » (dos puntos y un espacio), que YAML lee como otro"
                               " campo"),
        "yaml-etiqueta": (E, "una etiqueta de YAML («!algo», «!!python/…») que no se admite"),
        "yaml-falta-espacio": (E, "falta el espacio después de los dos puntos de un campo («plan:valor») o del guion"
                                  " de un elemento de lista («-valor»)"),
        "yaml-invalido": (E, "el YAML no se puede leer y no es ninguno de los descuidos frecuentes de esta sección:"
                             " revisa la sangría, los dos puntos y las comillas"),
        "yaml-listas-mezcladas": (E, "una lista escrita a la vez entre corchetes y con elementos «- »"),
        "yaml-sangria": (E, "un campo con más sangría que la línea de arriba, que ya tiene su valor"),
        "yaml-tabulador": (E, "un tabulador en la sangría: YAML solo admite espacios"),
        "yaml-varios-documentos": (E, "más de un documento YAML en el archivo (otra línea «---»)"),
    }),
    ("Campos", "Al revisar cada campo de los registros, de gobabierto.yml y de datapackage.yaml. En un registro"
     " con «borrador: true» los errores de este grupo, del texto y de las relaciones se avisan como advertencias,"
     " con «(borrador)» delante del mensaje.", {
        "archivo-no-encontrado": (E, "la ruta de un archivo (dentro de static/ o de la carpeta del conjunto de datos)"
                                     " que no existe"),
        "campo-desconocido": (E, "un campo que no existe en ese lugar; suele ser un nombre mal escrito"),
        "campo-requerido": (E, "falta un campo obligatorio (también «name» de una columna o «path» de un recurso)"),
        "campo-vacio": (E, "un campo obligatorio está vacío"),
        "color-invalido": (E, "un color que no es #rrggbb"),
        "correo-invalido": (E, "un correo electrónico mal escrito"),
        "elemento-vacio": (E, "un elemento de una lista está vacío (una línea «- » sin nada)"),
        "enlace-invalido": (E, "un enlace que no es https://, http:// o mailto:, o que no está completo"),
        "fecha-invalida": (E, "una fecha que no está escrita AAAA-MM-DD o que no existe en el calendario"),
        "formato-invalido": (E, "un texto que no tiene la forma que el campo pide (una clave INEGI, un periodo, un"
                                " dominio)"),
        "fuera-de-rango": (E, "un número menor o mayor que lo que el campo admite"),
        "imagen-remota": (E, "una imagen de otro sitio: las páginas solo muestran archivos propios, dentro de"
                             " static/"),
        "lista-vacia": (E, "una lista con menos elementos de los que el campo necesita"),
        "registro-vacio": (E, "un registro sin ningún campo"),
        "ruta-de-windows": (E, "una ruta escrita con barras invertidas («\\»), como las de Windows, en lugar de la"
                               " ruta dentro de static/ con «/»"),
        "ruta-invalida": (E, "una ruta de archivo con «..» o que sale de su carpeta"),
        "tipo-invalido": (E, "un valor de otro tipo que el del campo: un texto donde va una lista o un grupo, una"
                             " palabra donde va un número…"),
        "valor-no-permitido": (E, "un valor que no está en la lista de valores permitidos del campo"),
        "yaml-booleano": (E, "un texto como no, si u on sin comillas, que YAML lee como sí/no"),
        "yaml-cero-inicial": (E, "una clave con ceros iniciales sin comillas, que YAML lee como número"),
    }),
    ("Relaciones entre registros y configuración", "Al revisar el sitio completo, cuando cada campo ya es válido.", {
        "contraste-insuficiente": (E, "el color de la marca no contrasta lo suficiente con el texto blanco"),
        "cumplido-en-el-futuro": (E, "un hito marcado como cumplido en una fecha posterior a hoy"),
        "dominio-distinto": (E, "«url» no está en el dominio que dice «dominio»"),
        "fechas-invertidas": (E, "una fecha de fin, cierre o salida anterior a la de inicio"),
        "hito-sin-evidencia": (W, "un hito cumplido sin «evidencias» que lo demuestren"),
        "municipio-fuera-del-plan": (E, "el municipio de un compromiso no está entre los «municipios» de su plan"),
        "navegacion-invalida": (E, "una entrada de «navegacion» que no es una sección ni una página existente"),
        "plan-municipal": (E, "un plan de ámbito municipal que no nombra exactamente un municipio"),
        "referencia-a-borrador": (E, "un registro publicado, un conjunto de datos o el menú nombran un registro con"
                                     " «borrador: true», que no se publica"),
        "programacion-ausente": (W, "el flujo de GitHub que publica el sitio no tiene «schedule:»: el sitio no se"
                                    " reconstruye cada día"),
        "referencia-rota": (E, "un identificador que no corresponde a ningún registro o conjunto de datos"),
        "zona-horaria-invalida": (E, "una «zona_horaria» que no es un nombre IANA conocido"),
    }),
    ("Texto en Markdown", "En el texto libre de un archivo .md, después de los campos.", {
        "html-no-permitido": (E, "HTML que no se permite en el texto: etiquetas como <script> o <iframe>, atributos"
                                 " on… o style, enlaces javascript:"),
        "html-sin-cerrar": (E, "demasiados signos «<» que abren una etiqueta HTML sin cerrarla: HTML pegado a medias"),
        "idioma-invalido": (E, "un código de idioma mal escrito en lang=\"…\" al marcar un pasaje en otra lengua"),
        "markdown-codigo-sangria": (W, "un bloque con sangría de 4 espacios, que se publica como código (igual que en"
                                       " la vista previa de GitHub)"),
        "markdown-sin-efecto": (W, "una marca de la versión anterior de gobabierto que ya no se lee y se publica tal"
                                   " cual: listas de atributos {: …}, listas de definiciones, abreviaturas"),
        "markdown-tachado": (W, "texto entre dos «~» sueltos, que se publica tachado (igual que en la vista previa de"
                                " GitHub)"),
        "texto-demasiado-complejo": (E, "el texto está anidado a demasiados niveles o tarda demasiado en convertirse"),
    }),
    ("Conjuntos de datos: el descriptor", "En datapackage.yaml y en los esquemas de sus recursos.", {
        "clave-primaria-invalida": (E, "«primaryKey» nombra una columna que el esquema no declara"),
        "codificacion-desconocida": (E, "un «encoding» que no es una codificación conocida"),
        "columna-duplicada": (E, "el esquema declara dos veces la misma columna"),
        "descripcion-corta": (W, f"la «description» tiene menos de {DESCRIPTION_MIN} caracteres, lo mínimo que piden"
                                 " los catálogos de datos"),
        "descripcion-larga": (W, f"la «description» tiene más de {DESCRIPTION_MAX:,} caracteres, lo que leen los"
                                 " buscadores"),
        "descriptor-ausente": (E, "una carpeta de datasets/ sin datapackage.yaml ni datapackage.json"),
        "descriptor-duplicado": (E, "una carpeta con datapackage.yaml y datapackage.json a la vez"),
        "esquema-ausente": (E, "un recurso sin «schema», o un esquema sin la lista «fields» de sus columnas"),
        "esquema-invalido": (E, "un esquema, una columna o sus «constraints» que no tienen la forma de Table Schema"),
        "esquema-no-encontrado": (E, "el archivo de esquema que nombra un recurso no existe en la carpeta"),
        "formato-de-fecha-invalido": (E, "un «format» de fecha que no usa los códigos de strftime (%d/%m/%Y)"),
        "formato-no-soportado": (E, "un recurso que no es CSV"),
        "json-invalido": (E, "un datapackage.json que no es JSON válido"),
        "nombre-invalido": (E, "el «name» del paquete o de un recurso no está en minúsculas sin espacios ni acentos"),
        "recurso-duplicado": (E, "dos recursos con el mismo nombre o el mismo archivo"),
        "restriccion-desconocida": (E, "una restricción que Table Schema no tiene"),
        "tipo-de-columna-invalido": (E, "un «type» de columna que Table Schema no tiene"),
    }),
    ("Conjuntos de datos: las vistas", "En «views» de datapackage.yaml: las gráficas del conjunto, calculadas con"
     " todas las filas al validarlo.", {
        "vista-agregado-desconocido": (E, "un resumen («aggregate») que no se puede calcular: se admiten sum, count,"
                                          " mean, min y max (y en Vega-Lite, valid y average)"),
        "vista-campo-desconocido": (E, "la vista nombra una columna que el recurso no tiene"),
        "vista-demasiadas": (E, f"un conjunto con más de {MAX_VIEWS} vistas"),
        "vista-demasiadas-series": (E, f"una vista simple con más de {MAX_SERIES} series"),
        "vista-demasiados-grupos": (E, f"una vista con más de {MAX_GROUPS:,} grupos, o una vista vega-lite con más de"
                                       f" {MAX_VEGA_ROWS}: agrupa por una columna con menos valores"),
        "vista-duplicada": (E, "dos vistas con el mismo «name»"),
        "vista-grupo-invalido": (E, "la vista agrupa por una columna cuyos valores no forman grupos (objetos, listas,"
                                    " coordenadas)"),
        "vista-marca-desconocida": (E, "una «mark» de Vega-Lite que no existe o que no se puede dibujar aquí"),
        "vista-recortada": (W, f"una vista simple con más grupos de los que dibuja ({MAX_BARS} barras,"
                               f" {MAX_POINTS} puntos): la gráfica muestra parte; el CSV, todos"),
        "vista-recurso-desconocido": (E, "la vista nombra en «resources» un recurso que el paquete no tiene"),
        "vista-serie-no-numerica": (E, "una serie que se suma o se promedia y no es una columna de números"),
        "vista-serie-repetida": (E, "la lista «series» nombra dos veces la misma columna"),
        "vista-sin-resumen": (E, "una vista vega-lite que no resume las filas (ningún «aggregate»)"),
        "vista-unidad-de-tiempo-invalida": (E, "un «timeUnit» que no es year ni yearmonth, o en una columna que no es de"
                                               " fechas"),
        "vista-varios-recursos": (E, "una vista que nombra más de un recurso"),
        "vista-vega-invalida": (E, "Vega no pudo dibujar la especificación de una vista vega-lite"),
        "vista-vega-no-soportada": (E, "una parte de Vega-Lite que necesita las filas mismas (capas, facetas, filtros,"
                                       " intervalos, interacción)"),
        "vista-vega-sin-motor": (E, "una vista vega-lite en un sitio sin vl-convert-python (gobabierto[vega])"),
    }),
    ("Conjuntos de datos: los archivos CSV",
     "Al revisar cada fila. Los códigos en inglés vienen de frictionless, la biblioteca que valida los datos.", {
        "csv-archivo-demasiado-grande": (E, f"un CSV de más de {MAX_BYTES // MB} MB, que GitHub rechaza"),
        "csv-archivo-grande": (W, f"un CSV de {WARN_BYTES // MB} MB o más, que el editor web de GitHub no acepta"),
        "csv-blank-header": (E, "el encabezado está vacío"),
        "csv-blank-label": (E, "una columna del encabezado no tiene nombre"),
        "csv-blank-row": (E, "una fila vacía"),
        "csv-byte-count": (E, "el «bytes» declarado no coincide con el archivo"),
        "csv-celda-demasiado-larga": (E, f"una celda de más de {MAX_CELL_CHARS:,} caracteres (a veces, unas comillas"
                                         " sin cerrar)"),
        "csv-codificacion-detectada": (W, "el archivo no está en UTF-8 ni declara su «encoding»: se leyó con la"
                                          " codificación detectada"),
        "csv-codificacion-sospechosa": (W, "el archivo parece estar en otra codificación que la declarada"),
        "csv-constraint-error": (E, "una celda no cumple una restricción del esquema (obligatoria, mínimo, lista de"
                                    " valores…)"),
        "csv-duplicate-label": (E, "el encabezado repite un nombre de columna"),
        "csv-encoding-error": (E, "el archivo no se puede leer con la codificación declarada, o declara otra que la"
                                  " que tiene"),
        "csv-extra-cell": (E, "una fila con más celdas que columnas"),
        "csv-extra-label": (E, "una columna que el esquema no declara"),
        "csv-field-count": (E, "el número de columnas no coincide con el declarado"),
        "csv-field-error": (E, "una columna del esquema no es válida"),
        "csv-foreign-key": (E, "un valor que no aparece en la tabla a la que apunta su clave foránea"),
        "csv-format-error": (E, "el archivo no tiene el formato declarado"),
        "csv-formula": (W, "una celda de texto que empieza con =, +, - o @ y que una hoja de cálculo podría ejecutar"),
        "csv-hash-count": (E, "el «hash» declarado no coincide con el archivo"),
        "csv-incorrect-label": (E, "una columna del encabezado con otro nombre que el del esquema"),
        "csv-limite-de-errores": (E, "la revisión del archivo se detuvo tras demasiados errores"),
        "csv-missing-cell": (E, "a una fila le falta una celda"),
        "csv-missing-label": (E, "falta en el encabezado una columna que el esquema declara"),
        "csv-no-es-csv": (E, "el archivo no es un CSV (por ejemplo, un libro de Excel con otro nombre)"),
        "csv-package-error": (E, "el descriptor no es un Data Package válido"),
        "csv-primary-key": (E, "la clave primaria de una fila está vacía o se repite"),
        "csv-resource-error": (E, "un recurso del descriptor no es válido"),
        "csv-row-constraint": (E, "una fila no cumple una restricción del esquema"),
        "csv-row-count": (E, "el número de filas no coincide con el declarado"),
        "csv-schema-error": (E, "el esquema de la tabla no es válido"),
        "csv-scheme-error": (E, "no se encontró el archivo de datos"),
        "csv-source-error": (E, "el archivo de datos no se pudo leer"),
        "csv-type-error": (E, "una celda que no se puede leer con el tipo de su columna (número, fecha…)"),
        "csv-unique-error": (E, "un valor que debe ser único en su columna y se repite"),
    }),
    ("Construcción del sitio", "Al generar las páginas y publicarlas.", {
        "busqueda-no-disponible": (W, "el sitio se generó sin el índice del buscador (falta Pagefind o falló)"),
        "dominio-sin-configurar": (W, "el sitio se construye para otra dirección que su «dominio»"),
        "historial-incompleto": (W, "el repositorio es un clon superficial: las fechas de modificación solo ven los"
                                    " últimos commits"),
        "historial-no-disponible": (W, "el sitio se construye sin su historial de Git: las fechas de modificación son"
                                       " las de los archivos"),
        "plantilla-invalida": (E, "una plantilla de templates/ falló al generar una página"),
        "publicacion-cerca-del-limite": (W, "el sitio generado ocupa el 80 % o más de «limite_publicacion» (por omisión"
                                            " 1 GB, el límite de GitHub Pages)"),
        "publicacion-excede-el-limite": ((ERROR, WARNING), "el sitio generado pasa «limite_publicacion»: no se publica"
                                         " y el sitio anterior sigue como estaba (solo una advertencia con"
                                         " «limite_publicacion_bloquea: false»)"),
        "url-sin-definir": (W, "el sitio se construye sin su dirección pública completa: el mapa del sitio y los"
                               " catálogos llevan direcciones relativas"),
    }),
    ("Importar avances (gobabierto import)", "En la hoja de cálculo que se importa.", {
        "archivo-cambiado": (E, "un compromiso cambió mientras se importaba"),
        "csv-celdas-de-mas": (E, "una fila con más celdas que columnas el encabezado"),
        "csv-codificacion": (E, "la hoja no está guardada como CSV UTF-8"),
        "csv-columna-desconocida": (E, "una columna que la hoja exportada no tiene"),
        "csv-columna-faltante": (E, "falta una de las columnas que identifican cada fila"),
        "csv-columna-informativa": (W, "cambió una columna que solo informa y no se importa"),
        "csv-columna-no-aplica": (E, "un valor de hito en una fila de indicador, o al revés"),
        "csv-columna-repetida": (E, "una columna aparece dos veces"),
        "csv-compromiso-desconocido": (E, "la columna «compromiso» está vacía o no nombra un compromiso existente"),
        "csv-fila-repetida": (E, "dos filas para el mismo hito o indicador"),
        "csv-ilegible": (E, "no se pudo leer la hoja"),
        "csv-invalido": (E, "la hoja no es un CSV válido"),
        "csv-no-coincide": (E, "la descripción de la fila ya no es la del hito o indicador: el compromiso cambió desde"
                               " que se exportó"),
        "csv-numero-invalido": (E, "el número de la fila no corresponde a ningún hito o indicador del compromiso"),
        "csv-tipo-desconocido": (E, "un «tipo» que no es hito ni indicador"),
        "csv-vacio": (E, "la hoja está vacía"),
        "edicion-no-segura": (E, "un compromiso escrito de una forma que la importación no puede cambiar sin riesgo"),
    }),
)

CODES: dict[str, tuple[tuple[str, ...], str]] = {
    code: entry for _, _, table in SECTIONS for code, entry in table.items()}
