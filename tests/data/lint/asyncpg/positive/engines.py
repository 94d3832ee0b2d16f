"""asyncpg directly and through SQLAlchemy: its connect `timeout` defaults to 60 s."""
import asyncpg
from sqlalchemy.ext.asyncio import create_async_engine


async def direct(dsn):
    return await asyncpg.connect(dsn)  # expect: CF104


async def pool(dsn):
    return await asyncpg.create_pool(dsn, min_size=1, max_size=4, timeout=30)  # expect: CF103


# Idiom of the async SQLAlchemy examples (connect_args carries ssl only).
engine = create_async_engine(  # expect: CF104
    "postgresql+asyncpg://app@db:5432/app",
    pool_pre_ping=True,
    connect_args={"ssl": "require"},
)
