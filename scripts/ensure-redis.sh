#!/usr/bin/env bash
# Make Redis answer on 127.0.0.1:6379 for the shared-cache tests: start it when it is down,
# install it when it is missing. Fails loudly.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
answers() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing Redis from Debian's packages" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi
if ! answers; then
  echo "starting Redis" >&2
  $SUDO redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" >/dev/null
  for _ in $(seq 1 30); do answers && break; sleep 0.2; done
fi
answers || { echo "Redis does not answer on 127.0.0.1:6379" >&2; exit 1; }
