"""Ground floor shared by every app: errors and view helpers that import no feature app."""
