"""Extensions, created unbound; `create_app` binds them to an app."""

import sqlite3
from typing import TYPE_CHECKING

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(connection, record) -> None:
    """SQLite ignores ON DELETE CASCADE unless asked; deleting must take everything derived."""
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


# Objects stay readable after commit: a request that saves then redirects
# needn't reload what it just wrote.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

# The base of every model. At run time it is `db.Model`; mypy can't take a class that is an
# attribute of an object as a base class, so it is told what `db.Model` is: our declarative
# Base with Flask-SQLAlchemy's Model mixed in.
if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as _FlaskModel

    class Model(Base, _FlaskModel):
        __abstract__ = True
else:
    Model = db.Model
migrate = Migrate()
csrf = CSRFProtect()

login_manager = LoginManager()
# Storage comes from RATELIMIT_STORAGE_URI (Redis when REDIS_URL is set).
limiter = Limiter(key_func=get_remote_address)
