#!/bin/sh
# Copies a module's jar and every jar on the class path its build wrote (bridge.classpath,
# runtime.classpath: ':'-separated absolute paths into the build's Maven repository) into one
# directory, the image's /app/lib. Used by the build stages of the Dockerfiles beside it.
# usage: collect-classpath.sh CLASSPATH_FILE MODULE_JAR OUT_DIR
set -eu
classpath_file=$1
module_jar=$2
out=$3
mkdir -p "$out"
cp "$module_jar" "$out/"
for entry in $(tr ':' ' ' < "$classpath_file"); do
  if [ ! -f "$entry" ]; then
    echo "collect-classpath: $entry (from $classpath_file) is not a jar file" >&2
    exit 1
  fi
  # Two jars of one name would silently shadow each other in a flat directory.
  if [ -e "$out/$(basename "$entry")" ]; then
    echo "collect-classpath: two jars named $(basename "$entry")" >&2
    exit 1
  fi
  cp "$entry" "$out/"
done
