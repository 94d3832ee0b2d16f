import psycopg


def connect(conninfo):
    psycopg.connect("host=db.internal dbname=app connect_timeout=3")
    psycopg.connect(conninfo)
    with psycopg.connect(host="db.internal", connect_timeout=2) as conn:
        conn.execute("select 1")
