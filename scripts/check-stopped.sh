#!/usr/bin/env bash
# Checks that a stopped local run left nothing behind: no listener on the platform's ports, no process of it.
set -u
ports='8081|8082|8083|8084|8090|8091|8443|9000|55432|56379|59092'
listeners=$(ss -ltnH 2>/dev/null | awk '{print $4}' | grep -E ":(${ports})\$" || true)
processes=$(ps -eo pid,args | grep -E 'quarkus-run.jar|kafka\.Kafka|local-stack-.*\.jar|embedded-pg|redis-server-6' | grep -v grep || true)
if [ -z "$listeners" ] && [ -z "$processes" ]; then
  echo "clean: nothing listens on the platform's ports and no process of it remains"
  exit 0
fi
[ -n "$listeners" ] && printf 'still listening:\n%s\n' "$listeners"
[ -n "$processes" ] && printf 'still running:\n%s\n' "$processes"
exit 1
