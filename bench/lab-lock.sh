#!/usr/bin/env bash
# Sourced by bench scripts: `bench_lock FILE FD` takes the flock on FILE through descriptor FD, unless this shell
# already inherited a descriptor of FILE from an ancestor holding it (`flock /tmp/gatehouse-lab.lock bash bench/X.sh`,
# or one bench script calling another). flock(2) locks belong to an open file description, so opening FILE again and
# locking it would wait for our own parent forever.
bench_lock() {
  local file="$1" fd="$2" d
  for d in /proc/$$/fd/*; do
    [ "$(readlink "$d" 2>/dev/null)" = "$file" ] && return 0
  done
  eval "exec $fd>\"\$file\""
  flock "$fd"
}
