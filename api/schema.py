"""The OpenAPI schema says every answer a client can get: besides each endpoint's 200 (and the
301 / 410 drf-spectacular is told about), any endpoint may answer 400 for a parameter it does
not understand, 404 for an unknown identifier and 429 when the client is throttled — each
with a JSON body holding ``detail`` or the offending parameters."""

ERROR = {  # as api.serializers.ErrorSerializer, should that component ever be renamed
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}

STANDARD = {
    "400": "A parameter was not understood: `errors` names each, with messages.",
    "404": "No such record (or no such endpoint).",
    "429": "Too many requests: wait the seconds in Retry-After.",
}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, description in STANDARD.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
            if "429" in responses:
                responses["429"].setdefault(
                    "headers",
                    {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds"}},
                )
            moved = responses.get("301")
            if moved is not None and not moved.get("headers"):
                moved["description"] = "Renamed: the record's new address is in Location."
                moved["headers"] = {"Location": {"schema": {"type": "string", "format": "uri"}}}
    return result
