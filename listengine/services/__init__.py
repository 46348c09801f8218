"""The engine's service API: one module per concept.

Services take a SQLAlchemy session first and keyword-only arguments after; they validate,
change and flush, and never commit (the caller's unit of work does). Bad input raises
:class:`listengine.errors.ValidationError` naming the field or parameter, before anything is
written.
"""
