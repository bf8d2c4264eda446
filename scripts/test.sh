#!/usr/bin/env bash
# Runs every test of the solution (Release). This is the README's test command, and CI runs it
# too (adding a TRX logger). Extra arguments go to `dotnet test`, e.g.
#   scripts/test.sh --filter "FullyQualifiedName~Quanta.Tests.Data"
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet test Quanta.sln -c Release "$@"
