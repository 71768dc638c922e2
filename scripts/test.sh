#!/usr/bin/env bash
# The project's single test entry point: installs what a fresh Debian machine lacks, then runs the whole
# test suite. CI calls it through .ci/run; developers can call it from anywhere.
#
#   bash scripts/test.sh                 # everything
#   bash scripts/test.sh -m 'not slow'   # extra arguments go to pytest
#
# Idempotent: the second run skips apt (nothing missing) and pip (pyproject.toml unchanged), so it costs
# little more than pytest itself.
set -euo pipefail

# Run from the repository root whatever the caller's cwd, so relative paths (.venv, pyproject.toml) hold.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'test.sh: %s\n' "$*" >&2; }

# --- 1. System packages -------------------------------------------------------------------------------------
# Debian's chromium is the browser for the Playwright tests (Playwright's own browser download cannot be
# reached from these machines). rabbitmq-server is for the broker test suite; it is installed here, in the
# same apt call, but never started here: the tests that need it manage it themselves.
apt_pkgs=()
[[ -x /usr/bin/chromium ]] || apt_pkgs+=(chromium)
[[ -x /usr/sbin/rabbitmq-server ]] || apt_pkgs+=(rabbitmq-server)
# Debian splits the venv module's pip bootstrap into python3-venv; without it step 2 fails.
if [[ ! -x .venv/bin/python ]] && ! python3 -c 'import ensurepip' 2>/dev/null; then
  apt_pkgs+=(python3-venv)
fi

if ((${#apt_pkgs[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    log "installing Debian packages: ${apt_pkgs[*]}"
    # On machines without a policy-rc.d, a package's postinst starts its service (rabbitmq-server would
    # start a broker). Deny service starts for the duration of this install only, then restore.
    policy=/usr/sbin/policy-rc.d
    added_policy=0
    if [[ ! -e $policy ]]; then
      printf '#!/bin/sh\n# temporary, from evcat scripts/test.sh: no service starts during install\nexit 101\n' >"$policy"
      chmod 0755 "$policy"
      added_policy=1
      trap 'rm -f "$policy"' EXIT # also removed if apt fails and set -e ends the script
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
    if ((added_policy)); then
      rm -f "$policy"
      trap - EXIT
    fi
  else
    # Without root we cannot install; the browser fixtures skip (or fail under CI=true) with a reason.
    log "NOTE: not root, cannot install: ${apt_pkgs[*]}"
    [[ -x /usr/bin/chromium ]] || log "NOTE: /usr/bin/chromium is missing: browser tests will be skipped"
  fi
fi

# --- 2. Python environment ----------------------------------------------------------------------------------
if [[ ! -x .venv/bin/python ]]; then
  log "creating .venv"
  python3 -m venv .venv
fi

# Reinstall only when the dependency declaration or the pinned versions changed (or the venv is new): an
# editable install pulls setuptools into an isolated build env every time, which is slow and needs the
# registry. constraints.txt pins every package to the version CI last passed with (docs/development.md
# says how to refresh it), so a new upstream release cannot turn CI red unseen.
stamp=.venv/.evcat-install-stamp
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || $(<"$stamp") != "$want" ]]; then
  log "installing evcat and test dependencies into .venv (versions from constraints.txt)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
  printf '%s\n' "$want" >"$stamp"
fi

# The official AsyncAPI JSON Schemas for the export tests, installed once into the gitignored .cache/ (the
# tests then read them offline; installing here keeps two pytest workers from running npm at once).
specs_version=6.11.1  # pinned like constraints.txt: a new release cannot change the tests unseen
specs=.cache/asyncapi-specs/node_modules/@asyncapi/specs/schemas/3.0.0.json
if [[ ! -f $specs ]] && command -v npm >/dev/null; then
  log "installing @asyncapi/specs@$specs_version into .cache/asyncapi-specs"
  npm install --prefix .cache/asyncapi-specs --no-audit --no-fund --silent "@asyncapi/specs@$specs_version"
fi

# --- 3. Tests -----------------------------------------------------------------------------------------------
# exec: pytest's exit code (1 = failures, 5 = no tests collected, ...) is this script's exit code unchanged.
exec .venv/bin/python -m pytest -n 2 -q "$@"
