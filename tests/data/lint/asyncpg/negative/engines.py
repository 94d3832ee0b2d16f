import asyncpg
from sqlalchemy.ext.asyncio import create_async_engine


async def direct(dsn, **kwargs):
    await asyncpg.connect(dsn, timeout=3)
    return await asyncpg.connect(dsn, **kwargs)


engine = create_async_engine("postgresql+asyncpg://app@db/app", connect_args={"timeout": 3})
from_query = create_async_engine("postgresql+asyncpg://app@db/app?timeout=3")  # not read: unknown
