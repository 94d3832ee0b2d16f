from sqlalchemy import create_engine

engine = create_engine("mysql+pymysql://app@db/app", connect_args={"connect_timeout": 3})
in_url = create_engine("mysql+pymysql://app@db/app?connect_timeout=3")
