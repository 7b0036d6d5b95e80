"""Published pages rendered once, stored as bytes, served by a thin WSGI layer."""
