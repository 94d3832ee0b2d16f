import pymysql
import pymysql.cursors


def connect():
    pymysql.connect(host="db.internal", user="app")  # expect: CF104
    pymysql.connect(host="db.internal", connect_timeout=30)  # expect: CF103
    return pymysql.connections.Connection(host="db.internal")  # expect: CF104
