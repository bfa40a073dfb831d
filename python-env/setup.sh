#!/usr/bin/env bash
# Makes python-env/.venv, the Python environment KerasBridge finds first.
# - With a reachable package index: a venv with requirements.txt installed by pip.
# - On Debian/Ubuntu without one: Debian's packages (numpy, pandas, scikit-learn, seaborn, matplotlib,
#   h5py, torch) and a venv made with --system-site-packages over them.
# Idempotent: when everything is there it only checks and says so. Ends by running the verifier
# (skip with --no-verify). Downloads nothing but packages.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="$here/.venv"
verify=1
for arg in "$@"; do
  case "$arg" in
    --no-verify) verify=0 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { echo "setup.sh: $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

debian_packages=(python3 python3-venv python3-numpy python3-pandas python3-sklearn python3-seaborn
                 python3-matplotlib python3-h5py python3-torch)

index_reachable() {
  # Ask pip itself (whatever index it is configured for) for one tiny package, without retries.
  local base="$1" tmp
  tmp="$(mktemp -d)"
  if PIP_DISABLE_PIP_VERSION_CHECK=1 timeout 20 "$base" -m pip download --quiet --no-deps --retries 0 \
       --timeout 5 --dest "$tmp" six >/dev/null 2>&1; then
    rm -rf "$tmp"; return 0
  fi
  rm -rf "$tmp"; return 1
}

setup_debian() {
  local missing=() pkg libpy
  libpy="libpython3.$(/usr/bin/python3 -c 'import sys; print(sys.version_info[1])' 2>/dev/null || echo 11)"
  for pkg in "${debian_packages[@]}" "$libpy"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # libpython may only now be known (python3 was missing above).
    libpy="libpython3.$(/usr/bin/python3 -c 'import sys; print(sys.version_info[1])')"
    dpkg-query -W -f='${Status}' "$libpy" 2>/dev/null | grep -q "install ok installed" \
      || DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$libpy" >/dev/null
  else
    say "Debian packages already installed: ${debian_packages[*]} $libpy"
  fi
  if [ -x "$venv/bin/python" ] && grep -q "include-system-site-packages = true" "$venv/pyvenv.cfg" 2>/dev/null; then
    say "venv already there: $venv (system site packages)"
  else
    rm -rf "$venv"
    say "creating $venv with --system-site-packages over /usr/bin/python3"
    /usr/bin/python3 -m venv --system-site-packages "$venv"
  fi
}

setup_pip() {
  local base="$1"
  if [ ! -x "$venv/bin/python" ]; then
    say "creating $venv from $base"
    "$base" -m venv "$venv"
  else
    say "venv already there: $venv"
  fi
  say "installing requirements.txt with pip"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/requirements.txt"
}

is_debian() { [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release; }

base_python=""
for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then base_python="$candidate"; break; fi
done

if [ -n "$base_python" ] && "$base_python" -m pip --version >/dev/null 2>&1 && index_reachable "$base_python"; then
  say "a package index is reachable: using pip"
  setup_pip "$base_python"
elif is_debian; then
  say "no package index reachable: using Debian's packages"
  setup_debian
else
  say "no package index is reachable and this is not Debian/Ubuntu: install the packages in requirements.txt by hand" >&2
  exit 1
fi

if [ "$verify" -eq 1 ]; then
  say "verifying the installation (kerasbridge verify)"
  cd "$root"
  KERASBRIDGE_PYTHON="$venv/bin/python" dotnet run --project src/KerasBridge.Cli -v quiet -- verify
fi
