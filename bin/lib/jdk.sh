#!/usr/bin/env bash
# shellcheck shell=bash
# Finds a JDK >= 25 for Vestnik and exports JAVA_HOME and PATH.
#
# Sourced by bin/vestnik and bin/test:   . "$ROOT/bin/lib/jdk.sh"
# Run directly, it prints the JAVA_HOME it found:   bin/lib/jdk.sh
#
# Order: $JAVA_HOME if it is >= 25, else `java` on PATH if >= 25, else the
# newest /usr/lib/jvm/* whose bin/java is >= 25. None: one sentence on stderr
# and exit 1 (this exits the sourcing script, which cannot run without it).
# Also exports JAVA_MAJOR_VERSION (e.g. 25) for flags that depend on it.

VESTNIK_MIN_JAVA=25

# Prints the feature (major) version of the given java binary, or nothing.
# Understands "25.0.3", "25", "26-ea", "25+36", "1.8.0_392" (-> 8), and
# skips noise such as "Picked up JAVA_TOOL_OPTIONS" lines.
vestnik_java_major() {
  local out v
  [ -x "$1" ] || return 0
  out=$("$1" -version 2>&1) || return 0
  v=$(printf '%s\n' "$out" | sed -n 's/^[^"]* version "\([^"]*\)".*/\1/p' | head -n 1)
  case "$v" in 1.*) v=${v#1.} ;; esac
  v=${v%%[!0-9]*}
  [ -n "$v" ] && printf '%s\n' "$v"
  return 0
}

# Full version string of the given java binary ("25.0.3", "26-ea"), for ordering.
vestnik_java_version() {
  "$1" -version 2>&1 | sed -n 's/^[^"]* version "\([^"]*\)".*/\1/p' | head -n 1
}

vestnik_find_jdk() {
  local major java candidates="" d best
  # 1. JAVA_HOME
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(vestnik_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$VESTNIK_MIN_JAVA" ]; then
      printf '%s\t%s\n' "$major" "$JAVA_HOME"
      return 0
    fi
  fi
  # 2. java on PATH (its home is two levels above the resolved binary)
  java=$(command -v java 2>/dev/null || true)
  if [ -n "$java" ]; then
    major=$(vestnik_java_major "$java")
    if [ -n "$major" ] && [ "$major" -ge "$VESTNIK_MIN_JAVA" ]; then
      # Ask the JVM itself, so wrappers and shims resolve to the real home.
      d=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n 1)
      if [ -z "$d" ] || [ ! -x "$d/bin/java" ]; then
        java=$(readlink -f "$java")
        d=${java%/bin/java}
      fi
      printf '%s\t%s\n' "$major" "$d"
      return 0
    fi
  fi
  # 3. newest JDK under /usr/lib/jvm (highest major, then highest version)
  for d in "${VESTNIK_JVM_DIR:-/usr/lib/jvm}"/*/; do
    d=${d%/}
    [ -x "$d/bin/java" ] || continue
    major=$(vestnik_java_major "$d/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$VESTNIK_MIN_JAVA" ]; then
      candidates+="$major"$'\t'"$(vestnik_java_version "$d/bin/java")"$'\t'"$d"$'\n'
    fi
  done
  if [ -n "$candidates" ]; then
    best=$(printf '%s' "$candidates" | sort -t $'\t' -k1,1n -k2,2V | tail -n 1)
    printf '%s\t%s\n' "${best%%$'\t'*}" "${best##*$'\t'}"
    return 0
  fi
  return 1
}

# For scripts that run Maven on this JDK: Maven's own Guava calls
# sun.misc.Unsafe and JDK 24+ warns about it on every build. Allow it
# quietly for Maven only (never for the server), if this JDK knows the flag.
vestnik_maven_env() {
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe-memory-access*) return 0 ;; esac
  [ "$JAVA_MAJOR_VERSION" -ge 24 ] || return 0
  if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
    export MAVEN_OPTS
  fi
}

if vestnik_jdk_found=$(vestnik_find_jdk); then
  JAVA_MAJOR_VERSION=${vestnik_jdk_found%%$'\t'*}
  JAVA_HOME=${vestnik_jdk_found#*$'\t'}
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH JAVA_MAJOR_VERSION
  unset vestnik_jdk_found
else
  echo "Vestnik needs a JDK $VESTNIK_MIN_JAVA or newer; none was found in JAVA_HOME, PATH or /usr/lib/jvm. Install one (e.g. Temurin $VESTNIK_MIN_JAVA) and set JAVA_HOME." >&2
  exit 1
fi

# Run directly (not sourced): report what was found.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  printf '%s\n' "$JAVA_HOME"
fi
