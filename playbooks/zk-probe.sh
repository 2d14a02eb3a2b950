#!/bin/bash
# zk-probe.sh: ZooKeeper health from the four-letter words, with nothing but bash.
#
#   zk-probe.sh mode HOST:PORT
#       prints the server's mode (leader, follower, observer, standalone) or "down";
#       exit 0 when it serves, 1 when it does not.
#   zk-probe.sh wait-healthy SECONDS FOLLOWERS SELF MEMBER...
#       waits up to SECONDS until SELF answers imok and serves, exactly one MEMBER is the
#       leader, and that leader counts at least FOLLOWERS synced followers (the ensemble's
#       participants minus one) with no sync pending; exit 0 then, 1 at the deadline with
#       the last reason on stderr.
#
# Every address is HOST:PORT of a client port. The words travel over bash's /dev/tcp, so the
# probe needs no netcat; the servers must allow ruok, srvr and mntr (4lw.commands.whitelist).
# `ruok` alone proves nothing (a server without a quorum answers imok): the mode comes from
# srvr, the sync state from the leader's mntr.
set -u

# word HOST:PORT WORD: the reply, or nothing when the server cannot be reached in 2 s.
word() {
  local host=${1%:*} port=${1##*:}
  # shellcheck disable=SC2016  # the inner bash expands its own positional parameters
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf %s "$2" >&3 && cat <&3' \
    "$host" "$port" "$2" 2>/dev/null
}

# mode_of HOST:PORT: leader, follower, observer, standalone or down.
mode_of() {
  local mode
  mode=$(word "$1" srvr | sed -n 's/^Mode: //p')
  echo "${mode:-down}"
}

# mntr_value HOST:PORT KEY: one value of the server's mntr reply.
mntr_value() {
  word "$1" mntr | awk -v key="$2" '$1 == key { print $2 }'
}

# healthy FOLLOWERS SELF MEMBER...: empty when healthy, else why not.
healthy() {
  local followers=$1 self=$2 member leader="" count=0 synced pending
  shift 2
  [ "$(word "$self" ruok)" = imok ] || { echo "$self does not answer imok"; return; }
  case $(mode_of "$self") in
    leader | follower | observer | standalone) ;;
    *) echo "$self does not serve"; return ;;
  esac
  for member in "$@"; do
    if [ "$(mode_of "$member")" = leader ]; then
      leader=$member
      count=$((count + 1))
    fi
  done
  [ "$count" -eq 1 ] || { echo "$count leaders among $*"; return; }
  synced=$(mntr_value "$leader" zk_synced_followers)
  pending=$(mntr_value "$leader" zk_pending_syncs)
  [ "${synced:-0}" -ge "$followers" ] ||
    { echo "leader $leader counts ${synced:-0} synced followers of $followers"; return; }
  [ "${pending:-0}" -eq 0 ] || echo "leader $leader has $pending pending syncs"
}

case ${1:-} in
  mode)
    [ $# -eq 2 ] || { echo "usage: $0 mode HOST:PORT" >&2; exit 2; }
    mode=$(mode_of "$2")
    echo "$mode"
    [ "$mode" != down ]
    ;;
  wait-healthy)
    [ $# -ge 4 ] || { echo "usage: $0 wait-healthy SECONDS FOLLOWERS SELF MEMBER..." >&2; exit 2; }
    deadline=$((SECONDS + $2))
    shift
    shift
    while why=$(healthy "$@") && [ -n "$why" ]; do
      [ "$SECONDS" -lt "$deadline" ] || { echo "not healthy: $why" >&2; exit 1; }
      sleep 0.2
    done
    echo "healthy"
    ;;
  *)
    echo "usage: $0 mode HOST:PORT | wait-healthy SECONDS FOLLOWERS SELF MEMBER..." >&2
    exit 2
    ;;
esac
