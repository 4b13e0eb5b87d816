(1).a or "fallback"
