"""Labels for enumerated values shown to citizens: Spanish msgids, translated where they
are shown (the `label` filter, i18n.Language.gettext)."""

from gobabierto.text.i18n import N_

LABELS = {
    "status": {
        "no_iniciado": N_("No iniciado"), "en_proceso": N_("En proceso"), "cumplido": N_("Cumplido"),
        "retrasado": N_("Retrasado"), "cancelado": N_("Cancelado"),
    },
    "milestone": {
        "cumplido_a_tiempo": N_("Cumplido a tiempo"), "cumplido_tarde": N_("Cumplido con retraso"),
        "pendiente": N_("Pendiente"), "vencido": N_("Vencido"),
    },
    "call": {"proxima": N_("Próxima"), "abierta": N_("Abierta"), "cerrada": N_("Cerrada")},
    "phase": {
        "convocatoria": N_("Convocatoria"), "instalacion": N_("Instalación"), "cocreacion": N_("Cocreación"),
        "implementacion": N_("Implementación"), "seguimiento": N_("Seguimiento"), "evaluacion": N_("Evaluación"),
        "concluido": N_("Concluido"),
    },
    "sector": {
        "sociedad_civil": N_("Sociedad civil"), "autoridad": N_("Autoridades"), "organo_garante": N_("Órgano garante"),
        "facilitacion": N_("Facilitación"),
    },
    "pillar": {
        "transparencia": N_("Transparencia"), "participacion": N_("Participación ciudadana"),
        "rendicion_de_cuentas": N_("Rendición de cuentas"), "innovacion": N_("Innovación"),
    },
    "session": {"instalacion": N_("Sesión de instalación"), "ordinaria": N_("Sesión ordinaria"), "extraordinaria": N_("Sesión extraordinaria")},
    "activity": {"taller": N_("Taller"), "jornada": N_("Jornada"), "capacitacion": N_("Capacitación"), "foro": N_("Foro"), "otro": N_("Otra actividad")},
    "scope": {"estatal": N_("Estatal"), "municipal": N_("Municipal")},
    "impact": {"incierto": N_("Incierto"), "moderado": N_("Moderado"), "sustancial": N_("Sustancial")},
    "completion": {
        "sin_evidencia": N_("Sin evidencia"), "no_iniciado": N_("No iniciado"), "limitado": N_("Limitado"),
        "sustancial": N_("Sustancial"), "completo": N_("Completo"),
    },
    "opened": {
        "empeoro": N_("Empeoró"), "no_cambio": N_("No cambió"), "marginal": N_("Marginal"),
        "significativo": N_("Significativo"), "sobresaliente": N_("Sobresaliente"),
    },
    "periodicity": {
        "diaria": N_("Diaria"), "semanal": N_("Semanal"), "mensual": N_("Mensual"), "trimestral": N_("Trimestral"),
        "semestral": N_("Semestral"), "anual": N_("Anual"), "eventual": N_("Eventual"),
    },
    "nav": {
        "inicio": N_("Inicio"), "municipios": N_("Municipios"), "planes": N_("Planes"), "compromisos": N_("Compromisos"),
        "sesiones": N_("Sesiones"), "practicas": N_("Buenas prácticas"), "convocatorias": N_("Convocatorias"),
        "manifestaciones": N_("Manifestaciones"), "actividades": N_("Actividades"), "datos": N_("Datos abiertos"),
    },
}

ODS = {
    1: N_("Fin de la pobreza"), 2: N_("Hambre cero"), 3: N_("Salud y bienestar"), 4: N_("Educación de calidad"),
    5: N_("Igualdad de género"), 6: N_("Agua limpia y saneamiento"), 7: N_("Energía asequible y no contaminante"),
    8: N_("Trabajo decente y crecimiento económico"), 9: N_("Industria, innovación e infraestructura"),
    10: N_("Reducción de las desigualdades"), 11: N_("Ciudades y comunidades sostenibles"),
    12: N_("Producción y consumo responsables"), 13: N_("Acción por el clima"), 14: N_("Vida submarina"),
    15: N_("Vida de ecosistemas terrestres"), 16: N_("Paz, justicia e instituciones sólidas"),
    17: N_("Alianzas para lograr los objetivos"),
}


def label(value, group: str) -> str:
    if value is None:
        return ""
    return LABELS.get(group, {}).get(value, str(value).replace("_", " ").capitalize())
