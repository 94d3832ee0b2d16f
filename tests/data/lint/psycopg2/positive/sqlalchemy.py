"""SQLAlchemy engines: connect_args (which win) or the URL's query reach the driver."""
import sqlalchemy
from sqlalchemy import create_engine

# Idiom of ilwwan/shotgun app/db.py, with a longer connect timeout than the maximum.
engine = create_engine("postgresql://postgres@db:5432/postgres", pool_size=25,  # expect: CF103
                       connect_args={"connect_timeout": 10})
plain = create_engine("postgresql+psycopg2://app@db/app", pool_pre_ping=True)  # expect: CF101
in_url = sqlalchemy.create_engine("postgresql://app@db/app?connect_timeout=0")  # expect: CF102


def from_settings(user, host):
    # Idiom of technologiestiftung/OpenData-Harvester db/connect.py (URL built from settings).
    return create_engine(f"postgresql://{user}@{host}/db",  # expect: CF103
                         connect_args={"connect_timeout": 10})
