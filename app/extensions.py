"""Extensions, created unbound; `create_app` binds them to an app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()

login_manager = LoginManager()
# Storage comes from RATELIMIT_STORAGE_URI (Redis when REDIS_URL is set).
limiter = Limiter(key_func=get_remote_address)
