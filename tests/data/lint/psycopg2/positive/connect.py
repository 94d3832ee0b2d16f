import psycopg2
from psycopg2 import pool


def connect():
    psycopg2.connect(host="db.internal", dbname="app", user="app")  # expect: CF101
    psycopg2.connect("host=db.internal dbname=app")  # expect: CF101
    psycopg2.connect("postgresql://app@db.internal/app?connect_timeout=30")  # expect: CF103
    psycopg2.connect(host="db.internal", connect_timeout=0)  # expect: CF102
    return pool.ThreadedConnectionPool(1, 5, host="db.internal")  # expect: CF101
