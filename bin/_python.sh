# Sourced by bin/serve and bin/test: make .venv with a Python >= 3.12 and install the project into it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
        [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate" \
            && { command -v "$candidate"; return; }
    done
    # pyenv keeps interpreters that are not on PATH unless selected.
    local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
    command -v pyenv >/dev/null 2>&1 && pyenv_root="$(pyenv root)"
    for candidate in $(ls -d "$pyenv_root"/versions/3.* 2>/dev/null | sort -V -r); do
        python_ok "$candidate/bin/python3" && { echo "$candidate/bin/python3"; return; }
    done
    return 1
}

if [ ! -x "$VENV/bin/python" ] || ! python_ok "$VENV/bin/python"; then
    if ! PY="$(find_python)"; then
        echo "This project needs Python 3.12 or newer (Django 6), and none was found." >&2
        echo "Install one, e.g. 'sudo apt install python3.12 python3.12-venv' (Debian/Ubuntu)," >&2
        echo "'brew install python@3.13' (macOS) or 'pyenv install 3.13', then run this again." >&2
        echo "Or point to one explicitly: PYTHON=/path/to/python3.13 $0" >&2
        exit 1
    fi
    echo "Creating .venv with $PY ($("$PY" --version))"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
fi

# Reinstall only when the dependency list changed.
STAMP="$VENV/.installed-pyproject"
if [ ! -f "$STAMP" ] || ! cmp -s "$ROOT/pyproject.toml" "$STAMP"; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[dev]"
    cp "$ROOT/pyproject.toml" "$STAMP"
fi
PYTHON_BIN="$VENV/bin/python"
cd "$ROOT"
