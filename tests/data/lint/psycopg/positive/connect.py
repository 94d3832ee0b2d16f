import psycopg


async def connect():
    psycopg.connect("host=db.internal dbname=app")  # expect: CF104
    psycopg.connect(host="db.internal", connect_timeout=20)  # expect: CF103
    return await psycopg.AsyncConnection.connect("postgresql://db.internal/app")  # expect: CF104
