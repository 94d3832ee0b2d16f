from pymongo import MongoClient
import pymongo

client = MongoClient("mongodb://db.internal:27017/")  # expect: CF104
other = pymongo.MongoClient(host="db.internal", connectTimeoutMS=30000)  # expect: CF103
never = MongoClient("mongodb://db.internal/?connectTimeoutMS=0")  # expect: CF102
local = MongoClient()  # expect: CF104
