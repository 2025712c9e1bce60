# The lanes: which Python each runs on, where its environment lives, what it pins.
# Sourced by scripts/setup, scripts/test and the other scripts, from the project root.

lane_requirements() {
  case $1 in
    newest) echo requirements/newest.txt ;;
    minimum) echo requirements/minimum.txt ;;
    hass) echo requirements/hass.txt ;;
    *) echo "Unknown lane: $1 (newest, minimum or hass)" >&2; return 2 ;;
  esac
}

# Run a command of a lane: the Python 3.14 lanes through scripts/lib/python314,
# which uses the machine's own Python 3.14 where there is one, a chroot where not.
in_lane() {
  local lane=$1; shift
  case $lane in
    minimum) "$@" ;;
    *) scripts/lib/python314 "$@" ;;
  esac
}

minimum_python() {
  local candidate
  if [[ -n "${PYTHON313:-}" ]]; then
    echo "$PYTHON313"; return
  fi
  # pyenv's shim answers to python3.13 even where it cannot run one: ask it.
  for candidate in python3.13 \
    $(command -v pyenv >/dev/null && ls -d "$(pyenv root)"/versions/3.13*/bin/python3 2>/dev/null); do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
      command -v "$candidate"; return
    fi
  done
  echo "No Python 3.13: set PYTHON313=/path/to/python3.13" >&2
  return 1
}

# Pip's own noise about the machine's unreachable extra indexes, left out.
quiet_pip() {
  "$@" 2> >(grep -v -e "is ignored: it is" -e "^WARNING: pip index" >&2)
}

setup_lane() {
  local lane=$1 requirements venv stamp want lock
  requirements=$(lane_requirements "$lane")
  venv=.venv/$lane
  stamp=$venv/.requirements
  mkdir -p .venv
  # One setup of a lane at a time: scripts/smoke sets up its own lane too.
  exec {lock}>".venv/$lane.lock"
  flock "$lock"
  # The requirements and every file they include: a change to any re-installs.
  want=$(cat "$requirements" requirements/tools.txt | sha256sum)
  if [[ -f $venv/pyvenv.cfg && -f $stamp && "$(cat "$stamp")" == "$want" ]] \
    && in_lane "$lane" "$venv/bin/python" -c '' 2>/dev/null; then
    echo "Lane $lane: up to date"
    exec {lock}>&-
    return
  fi
  echo "Lane $lane: installing $requirements into $venv"
  rm -rf "$venv"
  if [[ $lane == minimum ]]; then
    "$(minimum_python)" -m venv "$venv"
  else
    scripts/lib/python314 python3.14 -m venv "$venv"
  fi
  quiet_pip in_lane "$lane" "$venv/bin/python" -m pip install --quiet --upgrade pip
  quiet_pip in_lane "$lane" "$venv/bin/python" -m pip install --quiet -r "$requirements"
  echo "$want" > "$stamp"
  exec {lock}>&-
  echo "Lane $lane: $(in_lane "$lane" "$venv/bin/python" --version), Home Assistant $(in_lane "$lane" "$venv/bin/python" -c 'from homeassistant.const import __version__; print(__version__)')"
}

# The browser lane (tests/browser): Debian's Chromium, and playwright-core from
# the npm lock file into tests/browser/node_modules. Each only where missing or
# out of date.
setup_browser() {
  local want stamp=tests/browser/node_modules/.lock-sha256
  if ! command -v chromium >/dev/null; then
    if [[ $EUID -ne 0 ]]; then
      echo "No chromium: install Debian's chromium package (as root: apt-get install chromium)" >&2
      return 1
    fi
    echo "Browser lane: installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 20 ? 1 : 0)' 2>/dev/null; then
    echo "No Node.js 20 or newer: playwright-core needs one" >&2
    return 1
  fi
  want=$(sha256sum < tests/browser/package-lock.json)
  if [[ -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
    echo "Browser lane: up to date"
    return
  fi
  echo "Browser lane: installing playwright-core into tests/browser/node_modules"
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
}
