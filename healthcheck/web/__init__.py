"""App-wide page plumbing: sign-in, errors, security headers, rate limits, the server."""
