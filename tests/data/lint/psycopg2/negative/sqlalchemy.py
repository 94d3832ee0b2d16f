"""DARPA-ASKEM/data-service src/db/engine.py: `connect_args={"connect_timeout": 8}` (here 3)."""
import os

from sqlalchemy import create_engine

url = os.environ["DATABASE_URL"]
engine = create_engine(url, connect_args={"connect_timeout": 3})
unknown = create_engine(url)  # the URL may carry connect_timeout
in_url = create_engine("postgresql://app@db/app?connect_timeout=3")
built = create_engine(f"postgresql://{url}")  # an interpolated part may carry the query
sqlite = create_engine("sqlite:///local.db")  # never connects over the network
creator = create_engine("postgresql://", creator=lambda: None)
# SQLAlchemy's own tests: a mock DBAPI module, the mock strategy, no host (libpq's Unix socket).
mocked = create_engine("postgresql+psycopg2://scott@somehost/test", module=object())
strategy = create_engine("postgresql+psycopg2://db/app", strategy="mock", executor=print)
hostless = create_engine("postgresql+psycopg2://")
