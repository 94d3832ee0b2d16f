import pymysql


def connect(settings):
    pymysql.connect(host="db.internal", connect_timeout=3)
    pymysql.connect(read_default_file="~/.my.cnf")  # the option file may set it
    pymysql.connect(**settings)
