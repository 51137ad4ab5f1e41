#!/bin/sh
# Refuses includes that cross a layer the wrong way (see lib/meson.build):
# SQLite only under lib/store/, libmicrohttpd only in server/ outside the
# handlers, nothing of the store or the views in lib/model/, nothing of the
# views in lib/store/, libxlsxwriter only in server/xlsx.c. Run by every build; writes $2 when all is well.
root=$1
out=$2
cd "$root" || exit 2
fail=0
say() { echo "check-layers: $*" >&2; fail=1; }

for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]sqlite3\.h' lib server 2>/dev/null); do
  case $f in lib/store/*) ;; *) say "$f includes sqlite3.h (only lib/store/ may)" ;; esac
done
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]libpq-fe\.h' lib server 2>/dev/null); do
  case $f in lib/store/*) ;; *) say "$f includes libpq-fe.h (only lib/store/ may)" ;; esac
done
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]microhttpd\.h' lib server/h_*.c 2>/dev/null); do
  say "$f includes microhttpd.h (handlers and lib/ never call libmicrohttpd)"
done
for f in $(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]xlsxwriter\.h' lib server 2>/dev/null); do
  case $f in server/xlsx.c) ;; *) say "$f includes xlsxwriter.h (only server/xlsx.c may)" ;; esac
done
store_h=$(cd lib/store && ls *.h private/*.h 2>/dev/null | sed 's|.*/||')
views_h=$(cd lib/views && ls *.h 2>/dev/null)
for h in $store_h $views_h; do
  for f in $(grep -lE "#[[:space:]]*include[[:space:]]*\"$h\"" lib/model/*.[ch] 2>/dev/null); do
    say "$f (model) includes $h of another layer"
  done
done
for h in $views_h; do
  for f in $(grep -lE "#[[:space:]]*include[[:space:]]*\"$h\"" lib/store/*.[ch] lib/store/private/*.h 2>/dev/null); do
    say "$f (store) includes $h of the views"
  done
done
[ $fail = 0 ] || exit 1
echo ok > "$out"
