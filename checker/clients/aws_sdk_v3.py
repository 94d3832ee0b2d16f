"""aws-sdk-v3: the linter's checks, its default and fix, and the remediation snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.client import AWS_API, Client, Language, Snippet

if TYPE_CHECKING:
    from checker.lint.jslibs import JavaScriptChecks


def checks() -> JavaScriptChecks:
    from checker.lint.jslibs import AWS_V3_CLIENT, JavaScriptChecks, aws_v3_check, node_http_handler

    return JavaScriptChecks(
        patterns=((lambda name: AWS_V3_CLIENT.match(name) is not None, aws_v3_check),),
        builders={"NodeHttpHandler": node_http_handler},
        aliases=(
            ("@smithy/node-http-handler.NodeHttpHandler", "NodeHttpHandler"),
            ("@aws-sdk/node-http-handler.NodeHttpHandler", "NodeHttpHandler"),
        ),
    )


LIBRARY = Client(
    name="aws-sdk-v3",
    language=Language.JAVASCRIPT,
    roots=("@aws-sdk/", "@smithy/"),
    default_connect=None,
    default_source=(
        "https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html "
        "(connectionTimeout 0, none)"
    ),
    default_text=(
        "the AWS SDK v3 has no connect timeout by default (connectionTimeout 0; "
        "requestTimeout does not cover the connect)"
    ),
    fix="requestHandler: { connectionTimeout: {ms} }",
    reads="AWS SDK v3 clients (`requestHandler` / `NodeHttpHandler`)",
    snippet=Snippet(
        library="AWS SDK v3",
        services=("aws",),
        lang="js",
        code=(
            'import { NodeHttpHandler } from "@smithy/node-http-handler";\nconst client = '
            "new DynamoDBClient({\n  requestHandler: new NodeHttpHandler({ connectionTimeout: "
            "{ms}, requestTimeout: 10000 }),\n  maxAttempts: 3,\n});"
        ),
        names=(
            "node_modules/@aws-sdk/",
            "node_modules/@smithy/",
            "$metadata",
        ),
        setting="`NodeHttpHandler` `connectionTimeout`, in ms; default 0, no timeout",
        source=(
            "https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html"
        ),
    ),
    checks=checks,
    services=(AWS_API,),
)
