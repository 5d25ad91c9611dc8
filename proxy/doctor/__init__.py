"""``garde-ia doctor``'s checks: is protection effective on this device, and what to do if not."""
