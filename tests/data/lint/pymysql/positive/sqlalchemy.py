from sqlalchemy import create_engine

engine = create_engine("mysql+pymysql://app@db/app")  # expect: CF104
