import os

from pymongo import MongoClient

a = MongoClient("mongodb://db.internal:27017/?connectTimeoutMS=2000")
b = MongoClient(os.environ["MONGODB_URI"])  # the URI may set connectTimeoutMS
c = MongoClient(host="db.internal", connecttimeoutms=3000)
d = MongoClient("mongodb://db.internal/", timeoutMS=4000)
