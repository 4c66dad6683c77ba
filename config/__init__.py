"""Settings, URLs and the middleware that wraps every request (security, limits, retries)."""
