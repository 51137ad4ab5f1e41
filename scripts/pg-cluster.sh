#!/bin/sh
# pg-cluster.sh - a throw-away PostgreSQL cluster for the tests.
#
#   scripts/pg-cluster.sh start DIR   initdb in DIR (made if missing) as an
#                                     unprivileged user, start the server on
#                                     a private socket directory and a free
#                                     port on 127.0.0.1 (fsync on), and print
#                                     the libpq URI (a superuser, so the tests
#                                     may CREATE DATABASE)
#   scripts/pg-cluster.sh stop DIR    stop it and remove DIR
#
# As root the cluster runs as the user postgres (Debian's package) or, if
# there is none, nobody; otherwise as the calling user.
set -eu

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bindir=
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then bindir=$d; break; fi
done
[ -n "$bindir" ] || bindir=$(dirname "$(command -v initdb)")

if [ "$(id -u)" = 0 ]; then
    if id postgres >/dev/null 2>&1; then user=postgres; else user=nobody; fi
    as() { su -s /bin/sh "$user" -c "$*"; }
    # PostgreSQL refuses to run as root, so the cluster's user must be able
    # to enter / to reach its programs. Debian's / is 0755; a root made
    # with mktemp -d (a chroot, a debootstrap folder) is 0700, and then no
    # other user can run anything. Only then is / given Debian's mode.
    if [ "$cmd" = start ] && ! as true 2>/dev/null; then
        echo "pg-cluster: user $user cannot enter / (mode $(stat -c %a /)): setting it to Debian's 755" >&2
        chmod 755 /
    fi
else
    user=$(id -un)
    as() { sh -c "$*"; }
fi

case $cmd in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown "$user" "$dir"
    chmod 700 "$dir"
    as "'$bindir/initdb' -D '$dir/data' -U scrutiny --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    mkdir -p "$dir/sock"
    [ "$(id -u)" = 0 ] && chown "$user" "$dir/sock"
    # a free port: ask the kernel for one
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 start -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir/sock' -c fsync=on -c max_connections=200\"" >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://scrutiny@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as "'$bindir/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
