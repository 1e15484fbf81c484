"""schemathesis against our own OpenAPI, through HTTP to the live test server.

Bounded: a few generated requests per operation (``max_examples``), no shrinking,
no hypothesis deadline (tests never fail on wall-clock time); on two cores the
module takes some seconds. Checked on every response: no server error, a documented
status code, a documented content type and headers, and the body valid against the
response schema (for the ORUK routes, the official ORUK 3.0 schemas).

schemathesis's own pytest plugin (``from_fixture``) does not run under pytest 9, so
each operation's strategy is driven with hypothesis here.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from linkwork.api.app import create_app
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from linkwork.core import Core

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
MAX_EXAMPLES = 10

#: every (method, path) the app documents, read from the app itself (no server needed to list them)
OPERATIONS = sorted((method.upper(), path) for path, item in create_app(Core.open(), build=False).openapi()["paths"].items()
                    for method in item)


@pytest.fixture(scope="module")
def openapi(api_server):
    return schemathesis.openapi.from_url(f"{api_server.url}/openapi.json")


def test_every_documented_operation_is_tested():
    assert ("GET", "/services") in OPERATIONS and ("GET", "/health") in OPERATIONS


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_operation_conforms(openapi, method, path):
    operation = openapi[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()
