#!/usr/bin/env bash
# The Citus test job (docs/SCALE.md): the database test files run against a local Citus cluster, a coordinator
# and two workers, the migrations distributing the large tables by province. Builds Citus once (skipped when
# installed), starts a disposable cluster, runs the tests, stops and removes the cluster.
#
# Usage: scripts/citus/test-citus.sh [REPORT.json]   (vitest's JSON report, for .ci/run's closing line)
# Environment: CITUS_BASEPORT (default 9700; the workers take the next two ports), CITUS_SOURCE_DIR (build-citus.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=scripts/citus
report="${1:-$(mktemp -d)/citus-vitest.json}"

"$here/build-citus.sh"
cluster="$(mktemp -d /tmp/entas-citus-XXXXXX)"
chmod 755 "$cluster"
cleanup() {
  "$here/stop-cluster.sh" "$cluster" >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap cleanup EXIT
url="$("$here/start-cluster.sh" "$cluster" "${CITUS_BASEPORT:-9700}" | tail -n 1)"

# Every test file that uses the shared test database, except the known Citus gaps (each with its reason).
mapfile -t gaps < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$here/known-gaps.txt" | grep -v '^$')
mapfile -t files < <(grep -rl --include='*.test.ts' -e 'testing/test-database' -e "from './test-database" src web/src \
  | sort | grep -v -x -F -f <(printf '%s\n' "${gaps[@]}") || true)
echo "[citus] ${#files[@]} database test files on $url (${#gaps[@]} known gaps skipped: $here/known-gaps.txt)" >&2
TEST_CITUS_URL="$url" TEST_DATABASE_URL='' npx vitest run "${files[@]}" \
  --reporter=default --reporter=json --outputFile="$report"
