#!/usr/bin/env bash
# Installs the Debian packages the test suite (and the benchmarks) drive for real, when they are missing.
# Runs before `npm test` (the `pretest` script), so a fresh machine needs nothing but Node.js and npm.
# Idempotent and quick when everything is present. Needs root (or sudo) only when something is missing.
set -euo pipefail
need=()
command -v git >/dev/null || need+=(git)
command -v promtool >/dev/null && command -v prometheus >/dev/null || need+=(prometheus)
command -v chromium >/dev/null || need+=(chromium)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
# jq: bench/cli-read's baseline. The machine's Node.js and npm: the tract-cli install test installs the
# package with them (the CLI must run on the Node a developer has, 20 or later, not only the project's 24).
command -v jq >/dev/null || need+=(jq)
[ -x /usr/bin/node ] || need+=(nodejs)
[ -x /usr/bin/npm ] || need+=(npm)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages for the test suite: ${need[*]}" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
