#!/usr/bin/env bash
# CLI tests: keys create/list/revoke, orgs create/list and keys and commands
# of an organisation (--org, --deployment), demo load (twice: refused), the
# report since a pack, and the
# served binary's life cycle (start on a free port, answer, stop cleanly on
# SIGTERM with the database closed). Prints "N passed, N failed".
# With SCRUTINY_TEST_PG (a libpq URI ending in /DBNAME, as
# scripts/pg-cluster.sh prints) it runs on two fresh PostgreSQL databases
# instead of SQLite files, reads them with psql, and skips the SQLite-only
# checks (the WAL file, integrity_check) saying so.
set -u
bin=${1:?usage: test_cli.sh path/to/scrutiny}
demo=${2:?usage: test_cli.sh scrutiny demo-dir}
tmp=$(mktemp -d)
pg=${SCRUTINY_TEST_PG:-}
pgdbs=()
cleanup() {
  kill $pid 2>/dev/null
  rm -rf "$tmp"
  for d in "${pgdbs[@]}"; do
    psql "$pg" -qAtc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1
  done
}
trap cleanup EXIT
pid=
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }

if [ -n "$pg" ]; then
  # a fresh database: the URI with its last path component replaced
  newdb() {
    local name=sct_cli_$$_$1
    psql "$pg" -qAtc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1
    psql "$pg" -qAtc "CREATE DATABASE $name" >/dev/null || exit 1
    pgdbs+=("$name")
    db_uri="${pg%/*}/$name"
  }
  newdb 1; db=$db_uri
  newdb 2; other=$db_uri
  q() { psql "$1" -qAtc "$2"; }
  hexhash="encode(hash, 'hex')"
else
  db=$tmp/cli.db
  other=$tmp/other.db
  q() { sqlite3 "$1" "$2"; }
  hexhash="hex(hash)"
fi
sqlite_only() {
  if [ -n "$pg" ]; then echo "ok - $1 # skipped on PostgreSQL (SQLite only)"; else check "$1" "$2"; fi
}
export SCRUTINY_DEMO_DIR=$demo

out=$("$bin" keys create --role writer --name trust-feed --db "$db")
key=$(printf '%s\n' "$out" | tail -1)
check "keys create prints the key alone on its last line" '[[ $key =~ ^sk_[A-Za-z0-9_-]{43}$ ]]'
check "keys create refuses a duplicate name" '! "$bin" keys create --role admin --name trust-feed --db "$db" 2>/dev/null'
check "keys create refuses a bad role" '! "$bin" keys create --role owner --name x --db "$db" 2>/dev/null'
check "keys list shows the key without the secret" \
  '"$bin" keys list --db "$db" | grep -q "^trust-feed *writer" && ! "$bin" keys list --db "$db" | grep -q "$key"'
q "$db" "select $hexhash from api_keys" | grep -qv "$key" && ok "only a hash is stored" || fail "only a hash is stored"

check "demo load into an empty database" '"$bin" demo load --db "$db" 2>/dev/null'
check "demo load twice is harmless" '"$bin" demo load --db "$db" 2>&1 | grep -q "loaded already"'
# the demo restates 2019/20 Q3 referrals (949, then 946): the report since the pack before it
pack=$(q "$db" "select at from revisions where quarter = (select quarter from revisions
  where kind = 'demand' and code = 'referrals' order by id desc limit 1) and id < (select max(id)
  from revisions where kind = 'demand' and code = 'referrals') order by id desc limit 1")
check "report --since appends the changes since that pack" \
  '"$bin" report 2019-20-Q3 --since "$pack" --db "$db" | grep -q "Referrals for 2019/20 Q3 revised from 949 to 946\."'
check "report --since refuses what is not an instant" '! "$bin" report 2019-20-Q3 --since soon --db "$db" 2>/dev/null'
check "report --as-of reads the 2019/20 Q3 paper as first published" \
  '"$bin" report 2019-20-Q3 --decimals 1 --change-decimals 0 --quarters 7 --as-of 2020-01-27T17:00:00Z --format csv --db "$db" | grep -q "^demand,Referrals,2018/19 Q1,1307"'
check "... with referrals 949 and +3%" \
  '"$bin" report 2019-20-Q3 --change-decimals 0 --quarters 7 --as-of 2020-01-27T17:00:00Z --format csv --db "$db" | grep -q "^demand,Referrals,Change against previous quarter,3"'
check "report without --as-of shows the restated 946" \
  '"$bin" report 2019-20-Q3 --format csv --db "$db" | grep -q "^demand,Referrals,2019/20 Q3,946"'
check "report --as-of refuses what is not an instant" '! "$bin" report 2019-20-Q3 --as-of yesterday --db "$db" 2>/dev/null'
check "report --quarters refuses 4" '! "$bin" report 2019-20-Q3 --quarters 4 --db "$db" 2>/dev/null'
printf '%s' '{"demand": [{"code": "contacts", "value": 1}]}' > "$tmp/one.json"
"$bin" import "$tmp/one.json" --quarter 2020-21-Q1 --db "$other" >/dev/null
check "demo load into a non-empty database is refused" '! "$bin" demo load --db "$other" 2>"$tmp/err"'
check "the refusal says why" 'grep -q "not empty" "$tmp/err"'
check "serve --demo on a non-empty database leaves it alone" \
  'timeout 2 "$bin" serve --demo --db "$other" --port 0 2>&1 | grep -q "left it as it is"'

"$bin" serve --db "$db" --port 0 --threads 2 2>"$tmp/serve.log" &
pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/serve.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.05
done
check "serve reports its port" '[ -n "$port" ]'
base=http://127.0.0.1:$port
check "healthz answers" '[ "$(curl -s $base/healthz)" = "{\"status\":\"ok\"}" ]'
first=$(q "$db" "select code from indicators order by rowid limit 1")
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$base/api/v1/quarters/2020-21-Q2/indicators/$first" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"availability":"suspended"}')
check "a writer key writes a result" '[ "$code" = 201 ]'
"$bin" keys revoke trust-feed --db "$db" >/dev/null
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$base/api/v1/quarters/2020-21-Q2/indicators/$first" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"availability":"suspended"}')
check "a revoked key is refused at once" '[ "$code" = 401 ]'
check "the access log has one line per request" 'grep -c "\"PUT /api/v1/quarters/2020-21-Q2/indicators/" "$tmp/serve.log" | grep -q "^2$"'
# a request target that tries to end its log field and forge a line
exec 3<>/dev/tcp/127.0.0.1/$port
printf 'GET /healthz" 200 15 0.01ms key=admin\x1b[31m\\ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3
cat <&3 >/dev/null
exec 3<&-
forged=$(grep -a 'healthz' "$tmp/serve.log" | grep -a 'x1B' | tail -1)
quotes=$(printf '%s' "$forged" | tr -cd '"' | wc -c)
esc=$(grep -ca $'\x1b' "$tmp/serve.log")
want='"GET /healthz\x22 200 15 0.01ms key=admin\x1B[31m\x5C"'
check "the access log escapes quotes, backslashes and control bytes" \
  '[ "$forged" != "" ] && printf "%s" "$forged" | grep -qF "$want" && [ "$quotes" = 2 ] && [ "$esc" = 0 ]'
kill -TERM $pid
wait $pid
status=$?
pid=
check "SIGTERM stops the server with status 0" '[ $status = 0 ]'
check "the server says it stopped" 'grep -q "scrutiny: stopped" "$tmp/serve.log"'
sqlite_only "the WAL was checkpointed and removed on close" '[ ! -s "$db-wal" ]'
sqlite_only "the database is intact" '[ "$(sqlite3 "$db" "pragma integrity_check")" = ok ]'
printf '%s' '{"demand": [{"code": "contacts", "value": 100}, {"code": "referrals", "value": 10}]}' > "$tmp/ok.json"
printf '%s' '{"demand": [{"code": "contacts", "value": -1}, {"code": "nope", "value": 1}], "x": 1}' > "$tmp/bad.json"
check "import --dry-run checks and stores nothing" \
  '"$bin" import "$tmp/ok.json" --quarter 2021-22-Q1 --dry-run --db "$db" | grep -q "dry run" &&
   [ "$(q "$db" "select count(*) from demand_values where quarter = 2021*4")" = 0 ]'
check "import applies a return" \
  '"$bin" import "$tmp/ok.json" --quarter 2021-22-Q1 --db "$db" | grep -q "demand     created 2" &&
   [ "$(q "$db" "select count(*) from demand_values where quarter = 2021*4")" = 2 ]'
check "import of the same return again leaves it unchanged" \
  '"$bin" import "$tmp/ok.json" --quarter 2021-22-Q1 --db "$db" | grep -q "unchanged 2"'
"$bin" import "$tmp/bad.json" --quarter 2021-22-Q2 --db "$db" 2>"$tmp/import.err"
st=$?
check "import of a bad return fails" '[ $st = 1 ]'
check "import lists every problem with its pointer" \
  'grep -q "3 problems; nothing was stored" "$tmp/import.err" && grep -q "/demand/0/value" "$tmp/import.err" &&
   grep -q "/demand/1/code" "$tmp/import.err" && grep -q "^  /x:" "$tmp/import.err"'
check "import refuses a misspelt quarter" '! "$bin" import "$tmp/ok.json" --quarter 2021/22-Q1 --db "$db" 2>/dev/null'
printf 'section,code,field,value\r\ndemand,contacts,value,100\r\ndemand,referrals,value,10\r\n' > "$tmp/ok.csv"
printf 'section,name,code,field,value\ndemand,Contacts,contacts,value,-1\ndemand,,nope,value,1\n' > "$tmp/bad.csv"
check "import of the same return as CSV leaves it unchanged" \
  '"$bin" import "$tmp/ok.csv" --quarter 2021-22-Q1 --db "$db" | grep -q "demand     created 0, updated 0, unchanged 2"'
"$bin" import "$tmp/bad.csv" --quarter 2021-22-Q2 --db "$db" 2>"$tmp/import-csv.err"
st=$?
check "import of a bad CSV return fails and names rows and columns" \
  '[ $st = 1 ] && grep -q "^  row 2, value: .*(/demand/0/value)" "$tmp/import-csv.err" &&
   grep -q "^  row 3, code: .*(/demand/1/code)" "$tmp/import-csv.err" &&
   [ "$(q "$db" "select count(*) from demand_values where quarter = 2021*4+1")" = 0 ]'
printf 'section,code,field,value\ndemand,"contacts,value,1\n' > "$tmp/broken.csv"
"$bin" import "$tmp/broken.csv" --quarter 2021-22-Q1 --db "$db" 2>"$tmp/broken.err"
st=$?
check "import refuses CSV that is not CSV, naming the row" \
  '[ $st = 1 ] && grep -q "row 2: a quoted field is never closed" "$tmp/broken.err"'
# direct HTTPS through libmicrohttpd's GnuTLS support, with a self-signed certificate
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 2 \
  -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1
"$bin" serve --db "$db" --port 0 --threads 2 --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem" \
  2>"$tmp/tls.log" &
pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*https:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/tls.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.05
done
check "serve --tls-cert/--tls-key reports an https address" '[ -n "$port" ]'
check "HTTPS answers with the self-signed certificate trusted" \
  '[ "$(curl -s --cacert "$tmp/cert.pem" https://127.0.0.1:$port/healthz)" = "{\"status\":\"ok\"}" ]'
check "plain HTTP to the TLS port gets no answer" '! curl -s -m 3 http://127.0.0.1:$port/healthz >/dev/null'
kill -TERM $pid; wait $pid; pid=
check "--tls-cert without --tls-key is refused" \
  '! "$bin" serve --db "$db" --port 0 --tls-cert "$tmp/cert.pem" 2>/dev/null'
check "a missing certificate file is refused" \
  '! "$bin" serve --db "$db" --port 0 --tls-cert "$tmp/none.pem" --tls-key "$tmp/key.pem" 2>/dev/null'
# organisations (docs/API.md, "Organisations"): the root holds them and the keys
odb=$tmp/orgs.db
check "orgs create makes an organisation" \
  '"$bin" orgs create acme-trust --name "Acme Children'"'"'s Trust" --db "$odb" | grep -q "/api/v1/orgs/acme-trust/"'
check "orgs create refuses a taken code" \
  '! "$bin" orgs create acme-trust --name Again --db "$odb" 2>"$tmp/err" && grep -q "exists already" "$tmp/err"'
check "orgs create refuses a code that breaks the code rule" \
  '! "$bin" orgs create "bad/code" --name Bad --db "$odb" 2>"$tmp/err" && grep -q "starting with a letter or digit" "$tmp/err"'
check "orgs create needs --name" '! "$bin" orgs create other --db "$odb" 2>/dev/null'
check "orgs list shows the default and the new organisation" \
  '"$bin" orgs list --db "$odb" | grep -q "^acme-trust .*Acme Children" && "$bin" orgs list --db "$odb" | grep -q "^default "'
check "keys create --org makes a key of that organisation" \
  '"$bin" keys create --role writer --name acme-feed --org acme-trust --db "$odb" | grep -q "for acme-trust"'
check "keys create --org refuses an unknown organisation" \
  '! "$bin" keys create --role writer --name x --org nowhere --db "$odb" 2>"$tmp/err" && grep -q "no organisation nowhere" "$tmp/err"'
check "keys create --deployment refuses a role other than admin" \
  '! "$bin" keys create --role writer --name dep-w --deployment --db "$odb" 2>"$tmp/err" && grep -q "only an admin" "$tmp/err"'
check "keys create --deployment refuses an --org" \
  '! "$bin" keys create --role admin --name dep-o --deployment --org acme-trust --db "$odb" 2>/dev/null'
depkey=$("$bin" keys create --role admin --name deployment --deployment --db "$odb" | tail -1)
check "keys create --deployment makes an admin key" '[[ $depkey =~ ^sk_ ]]'
check "keys list shows each key's organisation" \
  '"$bin" keys list --db "$odb" | grep -q "^acme-feed .* acme-trust$" && "$bin" keys list --db "$odb" | grep -q "^deployment .* \*$"'
check "demo load --org loads that organisation's own database" \
  '"$bin" demo load --org acme-trust --db "$odb" 2>/dev/null && [ -f "$odb.orgs/acme-trust.db" ]'
check "... in a directory only the owner can read" '[ "$(stat -c %a "$odb.orgs")" = 700 ]'
check "... and not the default organisation's" \
  '[ "$(sqlite3 "$odb" "select count(*) from results")" = 0 ] && [ "$(sqlite3 "$odb.orgs/acme-trust.db" "select count(*) from results")" -gt 0 ]'
check "report --org reads that organisation" \
  '"$bin" report 2020-21-Q1 --org acme-trust --format csv --db "$odb" | grep -q "^demand,Referrals"'
check "import --org refuses an unknown organisation" \
  '! "$bin" import "$tmp/one.json" --quarter 2020-21-Q1 --org nowhere --db "$odb" 2>/dev/null'

check "unknown subcommand fails with usage" '! "$bin" frobnicate 2>/dev/null'

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
