import os

import psycopg2


def connect(**params):
    psycopg2.connect(host="db.internal", connect_timeout=3)
    psycopg2.connect("host=db.internal dbname=app connect_timeout=5")
    psycopg2.connect("postgresql://app@db.internal/app?connect_timeout=2")
    psycopg2.connect(os.environ["DATABASE_URL"])  # the URL may carry connect_timeout
    psycopg2.connect("service=app")  # pg_service.conf may set it
    return psycopg2.connect(**params)
