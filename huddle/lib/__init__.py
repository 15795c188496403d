"""Huddle's bottom layer: helpers every app may import, and that import no app.

Errors, strict environment parsing, calendar writing, request and form
helpers, and the registry through which apps contribute to the product.
"""
