#!/usr/bin/env bash
# Build and install the Citus extension (distributed PostgreSQL; AGPL-3.0, a separate server extension that
# entas does not ship) against the Debian PostgreSQL server packages, for the Citus test job and for trying a
# local cluster (docs/SCALE.md). entas holds no Citus source: the build reads the release tarball and the
# PostgreSQL 15.20 patch from CITUS_SOURCE_DIR (below), where the project keeps them outside this repository.
#
# Idempotent: if citus.so is already present in $(pg_config --pkglibdir) the
# build is skipped (set CITUS_FORCE_BUILD=1 to rebuild anyway).
#
# Works offline apart from Debian's apt repository (build dependencies).
#
# Environment:
#   PG_MAJOR           PostgreSQL major version to build for (default: 15)
#   PG_CONFIG          pg_config to use (default: /usr/lib/postgresql/$PG_MAJOR/bin/pg_config)
#   CITUS_BUILD_DIR    scratch build directory (default: /tmp/citus-build)
#   CITUS_FORCE_BUILD  1 = rebuild/reinstall even if citus.so exists
#   CITUS_SKIP_APT     1 = do not call apt-get (dependencies already present)
#   CITUS_KEEP_BUILD   1 = keep the build directory afterwards
#   CITUS_SOURCE_DIR   folder holding citus-13.2.2.tar.gz (git archive of tag v13.2.2 of
#                      github.com/citusdata/citus) and citus-13.2.2-pg15.20-have_createdb_privilege.patch
#                      (default: ../shared/vendor/citus beside the repository, else /work/shared/vendor/citus)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ -z "${CITUS_SOURCE_DIR:-}" ]; then
  for candidate in "$REPO/../shared/vendor/citus" /work/shared/vendor/citus; do
    if [ -f "$candidate/citus-13.2.2.tar.gz" ]; then CITUS_SOURCE_DIR="$candidate"; break; fi
  done
fi
HERE="${CITUS_SOURCE_DIR:-}"
CITUS_VERSION="13.2.2"
TARBALL="$HERE/citus-$CITUS_VERSION.tar.gz"
TARBALL_SHA256="dd2453caec20a830e5e63f1def5c5a98cb6f57ae510407cdcd800916fcdab430"
PATCH="$HERE/citus-$CITUS_VERSION-pg15.20-have_createdb_privilege.patch"
PG_MAJOR="${PG_MAJOR:-15}"
PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}"
BUILD_DIR="${CITUS_BUILD_DIR:-/tmp/citus-build}"

# Packages needed to compile Citus against Debian's PostgreSQL $PG_MAJOR.
# (Server headers include gssapi, openssl and ICU headers, hence
# libkrb5-dev/libssl-dev/libicu-dev; lz4/zstd are used for columnar
# compression.  No libcurl: we build --without-libcurl, which also disables
# Citus' anonymous statistics "phone home".)
APT_PACKAGES=(
  build-essential
  "postgresql-server-dev-$PG_MAJOR"
  libkrb5-dev
  libssl-dev
  libicu-dev
  liblz4-dev
  libzstd-dev
)

log() { echo "[build-citus] $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

print_version() {
  local so="$1/citus.so"
  local v
  v="$(grep -a -o -m1 'Citus [0-9][0-9.]*[^ ]* on [^"]*gcc' "$so" 2>/dev/null | head -n1 || true)"
  echo "${v:-Citus (version string not found in $so)}"
  grep -h default_version "$("$PG_CONFIG" --sharedir)/extension/citus.control" 2>/dev/null | sed 's/^/citus.control: /' || true
}

# --- 1. apt build dependencies -------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "${CITUS_SKIP_APT:-0}" = "1" ]; then
    log "missing packages (CITUS_SKIP_APT=1, not installing): ${missing[*]}"
  else
    log "installing build dependencies: ${missing[*]}"
    if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; then
      $SUDO apt-get update
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi
  fi
else
  log "build dependencies already installed"
fi

if [ ! -x "$PG_CONFIG" ]; then
  log "pg_config not found at $PG_CONFIG"; exit 1
fi
PKGLIBDIR="$("$PG_CONFIG" --pkglibdir)"

# --- 2. skip if already installed ----------------------------------------
if [ -f "$PKGLIBDIR/citus.so" ] && [ "${CITUS_FORCE_BUILD:-0}" != "1" ]; then
  log "citus.so already present in $PKGLIBDIR, skipping build"
  print_version "$PKGLIBDIR"
  exit 0
fi

# --- 3. build ------------------------------------------------------------
[ -f "$TARBALL" ] || {
  log "Citus source not found (CITUS_SOURCE_DIR=${HERE:-unset}): put citus-$CITUS_VERSION.tar.gz"
  log "(git archive --prefix=citus-$CITUS_VERSION/ v$CITUS_VERSION of github.com/citusdata/citus) and the patch there"
  exit 1
}
if command -v sha256sum >/dev/null 2>&1; then
  echo "$TARBALL_SHA256  $TARBALL" | sha256sum -c --quiet - || { log "checksum mismatch for $TARBALL"; exit 1; }
fi

rm -rf "$BUILD_DIR"
mkdir -p "$BUILD_DIR"
tar -xzf "$TARBALL" -C "$BUILD_DIR"
SRC="$BUILD_DIR/citus-$CITUS_VERSION"
cd "$SRC"

# PostgreSQL 15.20 (and possibly other recent 15.x minors) exports
# have_createdb_privilege(); Citus 13.2.2 defines a static fallback for PG15
# that then fails to compile.  Apply the local fix only when the installed
# server headers declare the function.
DBCMDS_H="$("$PG_CONFIG" --includedir-server)/commands/dbcommands.h"
if grep -q 'extern bool have_createdb_privilege' "$DBCMDS_H" 2>/dev/null && [ "$PG_MAJOR" = "15" ]; then
  log "server headers export have_createdb_privilege(): applying $(basename "$PATCH")"
  patch -p1 --forward < "$PATCH"
fi

start=$(date +%s)
log "configuring (PG_CONFIG=$PG_CONFIG)"
./configure --without-libcurl PG_CONFIG="$PG_CONFIG" > "$BUILD_DIR/configure.log" 2>&1 \
  || { tail -n 30 "$BUILD_DIR/configure.log" >&2; exit 1; }
log "compiling with $(nproc) jobs (log: $BUILD_DIR/make.log)"
make -j"$(nproc)" > "$BUILD_DIR/make.log" 2>&1 \
  || { grep -n -E 'error:|\*\*\*' "$BUILD_DIR/make.log" | head -n 20 >&2; exit 1; }
log "installing"
$SUDO make install > "$BUILD_DIR/install.log" 2>&1 \
  || { tail -n 30 "$BUILD_DIR/install.log" >&2; exit 1; }
log "build+install took $(( $(date +%s) - start ))s"

cd /
if [ "${CITUS_KEEP_BUILD:-0}" != "1" ]; then rm -rf "$BUILD_DIR"; fi
print_version "$PKGLIBDIR"
