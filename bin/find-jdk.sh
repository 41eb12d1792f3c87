# Sourced by ./halo and ./run-tests: sets JAVA_HOME to a JDK >= 21 (JAVA_HOME, then PATH, then /usr/lib/jvm).
java_major() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  v="${v%%.*}"
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}
find_jdk() {
  local cand
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" && "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]]; then
    echo "$JAVA_HOME"; return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    cand="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    if [[ -x "$cand/bin/javac" && "$(java_major "$cand/bin/java")" -ge 21 ]]; then echo "$cand"; return 0; fi
  fi
  for cand in $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do
    if [[ -x "$cand/bin/javac" && "$(java_major "$cand/bin/java")" -ge 21 ]]; then echo "$cand"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME="$(find_jdk)"; then
  echo "halo: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one or set JAVA_HOME" >&2
  exit 2
fi
export JAVA_HOME
