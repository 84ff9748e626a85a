"""Spanish labels for enumerated values shown to citizens."""

LABELS = {
    "status": {
        "no_iniciado": "No iniciado", "en_proceso": "En proceso", "cumplido": "Cumplido",
        "retrasado": "Retrasado", "cancelado": "Cancelado",
    },
    "milestone": {
        "cumplido_a_tiempo": "Cumplido a tiempo", "cumplido_tarde": "Cumplido con retraso",
        "pendiente": "Pendiente", "vencido": "Vencido",
    },
    "call": {"proxima": "Próxima", "abierta": "Abierta", "cerrada": "Cerrada"},
    "phase": {
        "convocatoria": "Convocatoria", "instalacion": "Instalación", "cocreacion": "Cocreación",
        "implementacion": "Implementación", "seguimiento": "Seguimiento", "evaluacion": "Evaluación",
        "concluido": "Concluido",
    },
    "sector": {
        "sociedad_civil": "Sociedad civil", "autoridad": "Autoridades", "organo_garante": "Órgano garante",
        "facilitacion": "Facilitación",
    },
    "pillar": {
        "transparencia": "Transparencia", "participacion": "Participación ciudadana",
        "rendicion_de_cuentas": "Rendición de cuentas", "innovacion": "Innovación",
    },
    "session": {"instalacion": "Sesión de instalación", "ordinaria": "Sesión ordinaria", "extraordinaria": "Sesión extraordinaria"},
    "activity": {"taller": "Taller", "jornada": "Jornada", "capacitacion": "Capacitación", "foro": "Foro", "otro": "Otra actividad"},
    "scope": {"estatal": "Estatal", "municipal": "Municipal"},
    "impact": {"incierto": "Incierto", "moderado": "Moderado", "sustancial": "Sustancial"},
    "completion": {
        "sin_evidencia": "Sin evidencia", "no_iniciado": "No iniciado", "limitado": "Limitado",
        "sustancial": "Sustancial", "completo": "Completo",
    },
    "opened": {
        "empeoro": "Empeoró", "no_cambio": "No cambió", "marginal": "Marginal",
        "significativo": "Significativo", "sobresaliente": "Sobresaliente",
    },
    "nav": {
        "inicio": "Inicio", "municipios": "Municipios", "planes": "Planes", "compromisos": "Compromisos",
        "sesiones": "Sesiones", "practicas": "Buenas prácticas", "convocatorias": "Convocatorias",
        "manifestaciones": "Manifestaciones", "actividades": "Actividades", "datos": "Datos abiertos",
    },
}

ODS = {
    1: "Fin de la pobreza", 2: "Hambre cero", 3: "Salud y bienestar", 4: "Educación de calidad",
    5: "Igualdad de género", 6: "Agua limpia y saneamiento", 7: "Energía asequible y no contaminante",
    8: "Trabajo decente y crecimiento económico", 9: "Industria, innovación e infraestructura",
    10: "Reducción de las desigualdades", 11: "Ciudades y comunidades sostenibles",
    12: "Producción y consumo responsables", 13: "Acción por el clima", 14: "Vida submarina",
    15: "Vida de ecosistemas terrestres", 16: "Paz, justicia e instituciones sólidas",
    17: "Alianzas para lograr los objetivos",
}


def label(value, group: str) -> str:
    if value is None:
        return ""
    return LABELS.get(group, {}).get(value, str(value).replace("_", " ").capitalize())


def days_text(days: int) -> str:
    """"1 día", "144 días"."""
    return f"{days} día" if days == 1 else f"{days} días"
