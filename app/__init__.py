"""Splitcheck: is it microservices, or a distributed monolith?

The package imports nothing: the pure core (`app.instrument`, `app.scoring`, `app.evidence`) loads
without Flask or the database; the web application is made by `app.factory.create_app`.
"""
