#!/usr/bin/env bash
# Make PostgreSQL answer on 127.0.0.1:5432 for the PostgreSQL run of the suite:
# start the local cluster when it is down, install it when it is missing. Fails loudly.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
answers() { pg_isready -q -h 127.0.0.1 -p 5432; }

if ! command -v pg_isready >/dev/null 2>&1; then
  echo "installing PostgreSQL from Debian's packages" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fresh=1
fi
if ! answers; then
  echo "starting PostgreSQL" >&2
  for version in $(ls /etc/postgresql); do
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do answers && break; sleep 1; done
fi
if [ "${fresh:-0}" = 1 ]; then
  # A fresh Debian cluster asks for a password on TCP; give the test user the one in PG_URL.
  $SUDO -u postgres psql -q -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
fi
answers || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
