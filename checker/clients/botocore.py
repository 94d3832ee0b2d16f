"""botocore: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import AWS_API, Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.python import PythonChecks


def checks() -> PythonChecks:
    from checker.lint.pylibs import botocore_check, build_botocore_config, client
    from checker.lint.python import PythonChecks

    return PythonChecks(
        builders={
            "botocore.config.Config": build_botocore_config,
            "boto3.Session": client("boto3.Session"),
            "botocore.session.get_session": client("botocore.session.Session"),
        },
        functions={"boto3.client": botocore_check, "boto3.resource": botocore_check},
        methods={
            ("boto3.Session", "client"): botocore_check,
            ("boto3.Session", "resource"): botocore_check,
            ("botocore.session.Session", "create_client"): botocore_check,
        },
        aliases=(
            ("boto3.session.Session", "boto3.Session"),
            ("botocore.client.Config", "botocore.config.Config"),  # re-exported there, used in AWS docs
            ("boto3.session.Config", "botocore.config.Config"),
            ("botocore.session.Session", "botocore.session.get_session"),
        ),
    )


LIBRARY = Client(
    name="botocore",
    language=Language.PYTHON,
    roots=("botocore", "boto3"),
    default_connect=60.0,
    default_source="https://botocore.amazonaws.com/v1/documentation/api/latest/reference/config.html",
    default_text="botocore's default is {default}",
    fix="config=Config(connect_timeout={connect})",
    reads="boto3 / botocore (`client`, `resource`, `Session`, `Config`)",
    snippet=Snippet(
        library="botocore",
        services=("aws",),
        lang="python",
        code=(
            "from botocore.config import Config\nconfig = Config(connect_timeout={s}, "
            'read_timeout=10, retries={"max_attempts": 3, "mode": "standard"})\nclient = '
            'boto3.client("dynamodb", config=config)'
        ),
        names=(
            "botocore",
            "boto3",
            "Connect timeout on endpoint URL",
            "Could not connect to the endpoint URL",
        ),
        setting="`Config(connect_timeout=...)`, in seconds; default 60",
        source="https://botocore.amazonaws.com/v1/documentation/api/latest/reference/config.html",
    ),
    checks=checks,
    services=(AWS_API,),
)
