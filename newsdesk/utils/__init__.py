"""Small helpers with no home in a domain layer: HTTP Retry-After, file stamps."""
