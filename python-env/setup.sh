#!/usr/bin/env bash
# Makes the Python environment KerasBridge finds first: python-env/.venv next to this script, or --venv DIR.
#   1. A base Python that can make venvs and has a shared libpython (KerasBridge embeds it): on
#      Debian/Ubuntu, apt installs python3, python3-venv and libpython3.X when they are missing.
#   2. The venv; then the venv's own pip is asked whether a package index is reachable.
#      - Reachable: pip installs requirements.txt into the venv (a new venv sees no system packages).
#      - Not reachable, on Debian/Ubuntu: Debian's packages (numpy, pandas, scikit-learn, seaborn,
#        matplotlib, h5py, torch), and the venv is made to see them (--system-site-packages).
# Idempotent: what is there already is only checked. Ends by running `kerasbridge verify`.
# usage: setup.sh [--venv DIR] [--no-verify]
#   --venv DIR    make the venv in DIR (default: .venv next to this script)
#   --no-verify   skip the final check
# The same script is shipped inside the kerasbridge tool (`kerasbridge setup`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="$here/.venv"
verify=1
usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ "$#" -gt 0 ]; do
  case "$1" in
    --no-verify) verify=0 ;;
    --venv) [ "$#" -ge 2 ] && [ -n "$2" ] || { echo "setup.sh: --venv needs a folder" >&2; exit 2; }
            venv="$2"; shift ;;
    --venv=?*) venv="${1#--venv=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac

# requirements.txt sits next to this script (the tool's copy) or at the repository root.
requirements="$here/requirements.txt"
[ -f "$requirements" ] || requirements="$root/requirements.txt"

SECONDS=0
say() { printf 'setup.sh [%3ds] %s\n' "$SECONDS" "$*"; }
fail() { printf 'setup.sh [%3ds] %s\n' "$SECONDS" "$*" >&2; exit 1; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else fail "installing Debian packages needs root, and sudo is not installed: run this as root"; fi
}
is_debian() { [ -r /etc/os-release ] && grep -qiE '^(ID|ID_LIKE)=.*(debian|ubuntu)' /etc/os-release; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

apt_updated=0
# Installs the Debian packages among "$@" that are missing, showing apt's own progress lines.
debian_install() {
  local missing=() pkg started
  for pkg in "$@"; do installed "$pkg" || missing+=("$pkg"); done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "Debian packages already installed: $*"
    return
  fi
  started=$SECONDS
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    as_root apt-get update -q 2>&1 | sed -u 's/^/    apt: /'
    apt_updated=1
  fi
  say "installing Debian packages: ${missing[*]} (apt's progress follows)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Use-Pty=0 "${missing[@]}" 2>&1 | sed -u 's/^/    apt: /'
  say "Debian packages installed in $((SECONDS - started)) s"
}

# Asks a venv's own pip (whatever index it is configured for) for one tiny package, without retries.
index_reachable() {
  local python="$1" tmp status=1
  "$python" -m pip --version >/dev/null 2>&1 || return 1
  tmp="$(mktemp -d)"
  PIP_DISABLE_PIP_VERSION_CHECK=1 timeout 30 "$python" -m pip download --quiet --no-deps --retries 0 \
    --timeout 5 --dest "$tmp" six >/dev/null 2>&1 && status=0
  rm -rf "$tmp"
  return "$status"
}

sees_system_packages() { grep -qiE '^include-system-site-packages *= *true' "$venv/pyvenv.cfg" 2>/dev/null; }

# 1. The base Python.
say "stage 1/4: a base Python with venv and a shared libpython"
if is_debian; then
  [ -x /usr/bin/python3 ] || debian_install python3
  base=/usr/bin/python3
  minor="$("$base" -c 'import sys; print(sys.version_info[1])')"
  # python3-venv brings ensurepip (a venv with pip); libpython3.X is what KerasBridge loads.
  debian_install python3-venv "libpython3.$minor"
else
  base="$(command -v python3 || true)"
  [ -x /usr/bin/python3 ] && base=/usr/bin/python3
  [ -n "$base" ] || fail "no python3 found: install Python built with a shared libpython (see KerasBridge's README), then run this again"
fi
say "base Python: $base ($("$base" -c 'import sys; print(sys.version.split()[0])'))"

# 2. The venv.
say "stage 2/4: the venv $venv"
if [ -x "$venv/bin/python" ]; then
  say "venv already there: $venv$(sees_system_packages && echo ' (sees the system site packages)' || true)"
else
  mkdir -p "$(dirname "$venv")"
  "$base" -m venv "$venv" || fail "'$base -m venv $venv' failed: that Python cannot make venvs (on Debian/Ubuntu: apt-get install python3-venv)"
  say "venv created"
fi
shared="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("Py_ENABLE_SHARED") or 0)')"
[ "$shared" = "1" ] || fail "$venv/bin/python was built without a shared libpython (Py_ENABLE_SHARED=$shared), so KerasBridge cannot embed it: remove $venv and use a Python built with --enable-shared"

# 3. The packages.
say "stage 3/4: packages (asking the venv's pip whether a package index is reachable)"
if index_reachable "$venv/bin/python"; then
  say "a package index is reachable: pip installs $requirements into the venv (pip's progress follows)"
  if sees_system_packages; then
    say "note: this venv sees the system site packages (made by an earlier offline run); pip adds only what they lack. For a venv with only requirements.txt, remove $venv and run this again."
  fi
  "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -r "$requirements"
elif is_debian; then
  say "no package index reachable: using Debian's packages"
  debian_install python3-numpy python3-pandas python3-sklearn python3-seaborn python3-matplotlib python3-h5py python3-torch
  if sees_system_packages; then
    say "the venv already sees Debian's packages (system site packages)"
  else
    venv_base="$("$venv/bin/python" -c 'import sys; print(sys.base_prefix)')"
    [ "$venv_base" = "/usr" ] || fail "$venv was made from a Python in $venv_base, not Debian's /usr/bin/python3, so it cannot see Debian's packages: remove it and run this again"
    say "letting the venv see Debian's packages (--system-site-packages)"
    "$base" -m venv --system-site-packages --without-pip "$venv"
  fi
else
  fail "no package index is reachable and this is not Debian/Ubuntu: install the packages in $requirements into $venv by hand"
fi

# Optional: Graphviz's dot, which Utils.PlotModel (like keras.utils.plot_model) draws with.
if command -v dot >/dev/null 2>&1; then
  say "Graphviz already installed: $(dot -V 2>&1)"
elif is_debian; then
  ( debian_install graphviz ) || say "note: Graphviz could not be installed; Utils.PlotModel needs it (apt-get install -y graphviz)"
else
  say "note: Graphviz's dot is not installed; Utils.PlotModel needs it (macOS: brew install graphviz; Windows: winget install graphviz)"
fi

# 4. The check.
if [ "$verify" -eq 0 ]; then
  say "stage 4/4: verification skipped (--no-verify); done"
  exit 0
fi
say "stage 4/4: verifying the installation (kerasbridge verify)"
if [ -f "$root/src/KerasBridge.Cli/KerasBridge.Cli.csproj" ]; then
  cd "$root"
  KERASBRIDGE_PYTHON="$venv/bin/python" dotnet run --project src/KerasBridge.Cli -v quiet -- verify
elif command -v kerasbridge >/dev/null 2>&1; then
  KERASBRIDGE_PYTHON="$venv/bin/python" kerasbridge verify
else
  say "no kerasbridge to verify with: install it (dotnet tool install -g KerasBridge.Cli), then run: KERASBRIDGE_PYTHON=$venv/bin/python kerasbridge verify"
fi
