from botocore.client import Config
import botocore.session

LONG = Config(connect_timeout=20)

session = botocore.session.get_session()
kinesis = session.create_client("kinesis", config=LONG)  # expect: CF103
