"""The real-code lint corpus: pinned PyPI sdists and npm tarballs of code that makes network calls.

    python bench/lint/lint_corpus.py fetch      # download and unpack into bench/out/lint/corpus/
    python bench/lint/lint_corpus.py list       # the pinned packages and their recorded file counts

Nothing downloaded is committed (bench/out/ is gitignored). Each archive is checked against the
digest the registry publishes (PyPI sha256, npm sha512 integrity) and unpacked with tarfile's
`data` filter (no absolute paths, no links out of the tree). Downloads run in parallel threads;
the whole corpus is about 80 MB and takes well under a minute on a good link.

Layout: bench/out/lint/corpus/py/NAME@VERSION/... (the sdist's top folder stripped) and
bench/out/lint/corpus/npm/NAME@VERSION/... (npm's `package/` stripped; a scope's `/` becomes
`+`). A package's findings are keyed by that folder name, so verdicts.csv says `NAME@VERSION`.

The file counts below are Python files (`*.py`) and JS/TS files (`.js .mjs .cjs .jsx .ts .mts
.cts .tsx`, `.d.ts` included) as unpacked; `fetch` prints any package whose count differs.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "out" / "lint"
CORPUS = OUT / "corpus"
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")
TIMEOUT = 5.0  # seconds, for the connect and for each read (urlopen applies it to both)


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    files: int  # Python or JS/TS files once unpacked (recorded by the first fetch)
    why: str  # what network calls it makes

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def folder(self) -> str:
        return self.key.replace("/", "+")


# PyPI: HTTP clients and their users, AWS/Lambda tooling, DB drivers and ORMs, SaaS SDKs,
# scrapers, CLIs that call APIs. Versions: the newest on PyPI on 2026-12-01.
PYPI: tuple[Package, ...] = (
    Package("requests", "2.34.2", 35, "HTTP client"),
    Package("httpx", "0.28.1", 60, "HTTP client"),
    Package("aiohttp", "3.14.5", 170, "HTTP client and server"),
    Package("urllib3", "2.8.0", 81, "HTTP client"),
    Package("requests-oauthlib", "2.0.0", 27, "OAuth over requests"),
    Package("requests-toolbelt", "1.0.0", 60, "requests helpers"),
    Package("aws-lambda-powertools", "3.37.0", 336, "Lambda toolkit (boto3, requests)"),
    Package("chalice", "1.34.0", 56, "Lambda framework (boto3)"),
    Package("mangum", "0.22.0", 25, "ASGI adapter for Lambda"),
    Package("zappa", "0.63.0", 47, "Lambda deployer (boto3, requests)"),
    Package("boto3", "1.44.8", 40, "AWS SDK"),
    Package("aiobotocore", "3.10.0", 105, "async botocore (aiohttp)"),
    Package("pynamodb", "6.1.0", 36, "DynamoDB ORM (botocore)"),
    Package("awswrangler", "3.17.1", 152, "AWS data tool (boto3)"),
    Package("httpie", "3.2.4", 123, "HTTP CLI (requests)"),
    Package("python-gitlab", "8.6.0", 255, "GitLab SDK (requests)"),
    Package("PyGithub", "2.10.0", 329, "GitHub SDK (requests)"),
    Package("slack-sdk", "3.48.0", 158, "Slack SDK (urllib, aiohttp)"),
    Package("stripe", "16.1.0", 1728, "Stripe SDK (requests, httpx, urllib)"),
    Package("openai", "3.57.0", 2550, "OpenAI SDK (httpx)"),
    Package("tweepy", "4.17.0", 25, "Twitter SDK (requests, aiohttp)"),
    Package("prawcore", "4.0.0", 27, "Reddit API core (requests)"),
    Package("python-telegram-bot", "22.8", 512, "Telegram bot (httpx)"),
    Package("discord.py", "2.7.1", 162, "Discord bot (aiohttp)"),
    Package("aiogram", "3.31.0", 1096, "Telegram bot (aiohttp)"),
    Package("hvac", "2.4.0", 167, "Vault client (requests)"),
    Package("elastic-transport", "9.4.2", 49, "Elasticsearch transport (urllib3, aiohttp)"),
    Package("psycopg2", "2.9.13", 51, "PostgreSQL driver"),
    Package("psycopg", "3.3.9", 83, "PostgreSQL driver"),
    Package("PyMySQL", "1.2.4", 19, "MySQL driver"),
    Package("redis", "8.1.0", 267, "Redis client"),
    Package("pymongo", "4.20.1", 455, "MongoDB driver"),
    Package("SQLAlchemy", "2.1.9", 678, "ORM (DB drivers)"),
    Package("asyncpg", "0.32.0", 52, "PostgreSQL driver"),
    Package("scrapy", "2.19.0", 489, "scraper"),
    Package("sentry-sdk", "2.75.0", 514, "error reporting (urllib3)"),
    Package("datadog", "0.56.0", 131, "Datadog SDK (requests, urllib3)"),
    Package("docker", "7.2.0", 67, "Docker SDK (requests)"),
    Package("dropbox", "12.2.4", 51, "Dropbox SDK (requests)"),
    Package("jira", "3.10.5", 14, "Jira SDK (requests)"),
    Package("atlassian-python-api", "5.0.5", 174, "Atlassian SDK (requests)"),
    Package("sendgrid", "6.12.5", 83, "SendGrid SDK (urllib)"),
    Package("apprise", "2.3.0", 542, "notifications to 100+ services (requests)"),
    Package("shodan", "1.31.0", 27, "Shodan SDK and CLI (requests)"),
    Package("notion-client", "3.1.0", 13, "Notion SDK (httpx)"),
    Package("pyairtable", "3.5.1", 55, "Airtable SDK (requests)"),
    Package("spotipy", "2.26.0", 7, "Spotify SDK (requests)"),
    Package("MechanicalSoup", "1.4.0", 16, "scraper (requests)"),
    Package("gspread", "6.2.1", 11, "Google Sheets SDK (requests)"),
    Package("zeep", "4.3.3", 119, "SOAP client (requests, httpx)"),
)

# npm: HTTP clients and their users, AWS SDK users, serverless frameworks and their handlers, DB
# clients, bots, SaaS SDKs. Versions: the `latest` tag on 2026-12-01.
NPM: tuple[Package, ...] = (
    Package("axios", "1.21.1", 81, "HTTP client"),
    Package("node-fetch", "3.3.2", 14, "HTTP client"),
    Package("got", "16.1.0", 48, "HTTP client"),
    Package("superagent", "10.4.2", 18, "HTTP client"),
    Package("request", "2.88.2", 13, "HTTP client"),
    Package("needle", "3.5.0", 51, "HTTP client"),
    Package("undici", "8.13.1", 163, "HTTP client"),
    Package("serverless", "4.43.0", 3, "serverless framework"),
    Package("serverless-offline", "14.8.2", 125, "Lambda emulator (fetch, AWS SDK)"),
    Package("serverless-http", "4.0.0", 20, "Lambda handler adapter"),
    Package("@vendia/serverless-express", "4.12.6", 37, "Lambda handler adapter"),
    Package("aws-serverless-express", "3.4.0", 4, "Lambda handler adapter"),
    Package("@middy/core", "7.9.2", 8, "Lambda middleware"),
    Package("dynamoose", "4.2.0", 102, "DynamoDB ORM (AWS SDK v3)"),
    Package("@architect/functions", "8.1.10", 41, "Lambda runtime helpers (AWS SDK)"),
    Package("claudia", "5.14.1", 91, "Lambda deployer (AWS SDK)"),
    Package("@aws-lambda-powertools/parameters", "2.35.0", 128, "Lambda toolkit (AWS SDK v3)"),
    Package("@aws-sdk/lib-dynamodb", "3.1169.0", 82, "AWS SDK v3 document client"),
    Package("pg", "8.23.1", 17, "PostgreSQL client"),
    Package("mysql2", "3.24.6", 129, "MySQL client"),
    Package("mysql", "2.18.1", 57, "MySQL client"),
    Package("ioredis", "6.0.0", 102, "Redis client"),
    Package("@redis/client", "6.3.1", 976, "Redis client"),
    Package("mongodb", "7.9.1", 266, "MongoDB driver"),
    Package("mongoose", "9.12.1", 301, "MongoDB ODM"),
    Package("knex", "3.3.0", 156, "SQL query builder (DB clients)"),
    Package("sequelize", "6.37.8", 181, "ORM (DB clients)"),
    Package("cassandra-driver", "4.10.0", 122, "Cassandra driver"),
    Package("@elastic/elasticsearch", "9.5.1", 401, "Elasticsearch client"),
    Package("amqplib", "2.3.1", 55, "AMQP client"),
    Package("kafkajs", "2.2.4", 386, "Kafka client"),
    Package("discord.js", "14.28.1", 384, "Discord bot"),
    Package("@discordjs/rest", "2.6.3", 12, "Discord REST (undici)"),
    Package("telegraf", "4.16.3", 128, "Telegram bot (node-fetch)"),
    Package("node-telegram-bot-api", "2.1.0", 116, "Telegram bot"),
    Package("@slack/web-api", "8.2.0", 808, "Slack SDK (axios)"),
    Package("@slack/bolt", "5.1.0", 92, "Slack bot framework"),
    Package("twilio", "6.3.1", 1536, "Twilio SDK (axios)"),
    Package("stripe", "23.1.0", 1084, "Stripe SDK (http, fetch)"),
    Package("@octokit/request", "10.0.16", 13, "GitHub SDK (fetch)"),
    Package("openai", "7.59.0", 2274, "OpenAI SDK (fetch)"),
    Package("@sendgrid/client", "8.1.6", 8, "SendGrid SDK (axios)"),
    Package("mailgun.js", "14.0.1", 193, "Mailgun SDK (axios)"),
    Package("firebase-admin", "14.5.1", 240, "Firebase SDK (http)"),
    Package("@google-cloud/storage", "8.4.0", 78, "Google Cloud Storage SDK"),
    Package("@sentry/node", "11.12.0", 239, "error reporting (http)"),
    Package("algoliasearch", "5.65.0", 26, "Algolia SDK"),
    Package("contentful", "11.12.10", 71, "Contentful SDK (axios)"),
    Package("shopify-api-node", "3.15.0", 77, "Shopify SDK (got)"),
    Package("jsforce", "3.10.26", 269, "Salesforce SDK"),
    Package("snoowrap", "1.23.0", 41, "Reddit SDK (request)"),
    Package("twit", "2.2.11", 18, "Twitter SDK (request)"),
)


def _get(url: str, seconds: float) -> bytes:
    if not url.startswith("https://"):
        raise ValueError(f"not an https URL: {url}")
    with urllib.request.urlopen(url, timeout=seconds) as response:
        return bytes(response.read())


def _pypi_archive(package: Package) -> tuple[str, bytes]:
    # The per-version JSON URL is not served by every PyPI mirror; the project's one lists all.
    index = f"https://pypi.org/pypi/{package.name}/json"
    meta = json.loads(_get(index, TIMEOUT))
    files = meta.get("releases", {}).get(package.version, [])
    sdists = [u for u in files if u["packagetype"] == "sdist"]
    if not sdists:
        raise RuntimeError(f"{package.key}: no sdist on PyPI")
    data = _get(urllib.parse.urljoin(index, sdists[0]["url"]), TIMEOUT)  # mirrors: relative
    if hashlib.sha256(data).hexdigest() != sdists[0]["digests"]["sha256"]:
        raise RuntimeError(f"{package.key}: sha256 differs from PyPI's")
    return sdists[0]["filename"], data


def _npm_archive(package: Package) -> tuple[str, bytes]:
    name = urllib.parse.quote(package.name, safe="@")
    meta = json.loads(_get(f"https://registry.npmjs.org/{name}/{package.version}", TIMEOUT))
    data = _get(meta["dist"]["tarball"], TIMEOUT)
    algorithm, _, digest = meta["dist"]["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != digest:
        raise RuntimeError(f"{package.key}: {algorithm} differs from npm's integrity")
    return meta["dist"]["tarball"].rsplit("/", 1)[-1], data


def _unpack(filename: str, data: bytes, target: Path) -> None:
    """Unpack an archive into target with its single top folder stripped."""
    shutil.rmtree(target, ignore_errors=True)
    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if filename.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if member.startswith("/") or ".." in Path(member).parts:
                    raise RuntimeError(f"{filename}: unsafe member {member!r}")
            archive.extractall(staging)
    else:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(staging, filter="data")
    tops = list(staging.iterdir())
    (tops[0] if len(tops) == 1 and tops[0].is_dir() else staging).rename(target)
    shutil.rmtree(staging, ignore_errors=True)


def count_files(folder: Path, ecosystem: str) -> int:
    suffixes = (".py",) if ecosystem == "py" else JS_SUFFIXES
    return sum(1 for p in folder.rglob("*") if p.suffix in suffixes and p.is_file())


def _fetch_one(ecosystem: str, package: Package) -> tuple[Package, int]:
    target = CORPUS / ecosystem / package.folder
    if not target.is_dir():
        filename, data = (_pypi_archive if ecosystem == "py" else _npm_archive)(package)
        _unpack(filename, data, target)
    return package, count_files(target, ecosystem)


def fetch(jobs: int = 8) -> int:
    """Download what is missing; print per-ecosystem totals and every count that moved."""
    work = [("py", p) for p in PYPI] + [("npm", p) for p in NPM]
    changed = failed = 0
    totals = {"py": 0, "npm": 0}
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(_fetch_one, eco, p): (eco, p) for eco, p in work}
        for future in concurrent.futures.as_completed(futures):
            ecosystem, package = futures[future]
            try:
                _, files = future.result()
            except (OSError, RuntimeError, ValueError, tarfile.TarError, zipfile.BadZipFile) as exc:
                failed += 1
                print(f"{ecosystem} {package.key}: {exc}", file=sys.stderr)
                continue
            totals[ecosystem] += files
            if files != package.files:
                changed += 1
                print(f"{ecosystem} {package.key}: {files} files (recorded {package.files})", file=sys.stderr)
    print(
        f"corpus: {len(PYPI)} PyPI packages, {totals['py']:,} Python files; {len(NPM)} npm "
        f"packages, {totals['npm']:,} JS/TS files in {CORPUS}"
    )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("fetch", "list"))
    parser.add_argument("--jobs", type=int, default=8)
    args = parser.parse_args(argv)
    if args.command == "list":
        for ecosystem, packages in (("py", PYPI), ("npm", NPM)):
            for package in packages:
                print(f"{ecosystem}\t{package.key}\t{package.files}\t{package.why}")
        return 0
    return fetch(args.jobs)


if __name__ == "__main__":
    raise SystemExit(main())
