#!/usr/bin/env bash
# The test command: installs what a fresh Debian machine lacks (Chromium, PostgreSQL, MariaDB, local .NET
# tools), starts a throwaway PostgreSQL and MariaDB on 127.0.0.1, builds, checks the three EF models against
# their migrations, runs every test project (unit on SQLite, PostgreSQL and MariaDB, E2E in Chromium) and
# ends with "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DEBIAN_FRONTEND=noninteractive
CONFIG=${CONFIG:-Release}

# 1. OS packages: the base image has PostgreSQL but not Chromium or MariaDB.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ -z "${WORKSPACES_TEST_MYSQL:-}" ] && ! [ -x /usr/sbin/mariadbd ]; then need+=(mariadb-server); fi
if [ -z "${WORKSPACES_TEST_PGBOUNCER:-}" ] && ! [ -x /usr/sbin/pgbouncer ]; then need+=(pgbouncer); fi
if ((${#need[@]})); then
  echo "Installing ${need[*]}…"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
export CHROMIUM_PATH=${CHROMIUM_PATH:-$(command -v chromium)}

# 2. Local tools (dotnet-ef).
dotnet tool restore >/dev/null

# 3. A throwaway PostgreSQL cluster, unless the caller points at one.
WORK=$(mktemp -d /tmp/workspaces-test.XXXXXX)
chmod 755 "$WORK"  # the postgres user must reach its data directory inside
cleanup() {
  if [ -n "${PGDATA_DIR:-}" ]; then
    as_root runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -f "$WORK/maria/pid" ]; then as_root kill "$(cat "$WORK/maria/pid")" 2>/dev/null || true; sleep 1; fi
  if [ -f "$WORK/pgbouncer/pid" ]; then as_root kill "$(cat "$WORK/pgbouncer/pid")" 2>/dev/null || true; fi
  rm -rf "$WORK" 2>/dev/null || true
}
trap cleanup EXIT
if [ -z "${WORKSPACES_TEST_PG:-}" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  PGDATA_DIR="$WORK/pg/data"
  mkdir -p "$WORK/pg" && as_root chown postgres:postgres "$WORK/pg"
  # PostgreSQL refuses to run as root: initdb and the server run as the postgres user.
  as_root runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_root runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$WORK/pg/server.log" -w \
    -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null
  export WORKSPACES_TEST_PG="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
  echo "PostgreSQL test server on 127.0.0.1:$PGPORT"
fi

# 3a. PgBouncer in transaction pooling mode in front of that PostgreSQL (the server must work through it; issue 18).
if [ -z "${WORKSPACES_TEST_PGBOUNCER:-}" ]; then
  read -r PG_HOST PG_PORT PG_USER < <(python3 -c 'import os,urllib.parse as u;p=u.urlparse(os.environ["WORKSPACES_TEST_PG"]);print(p.hostname,p.port or 5432,p.username or "postgres")')
  BOUNCER_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  mkdir -p "$WORK/pgbouncer"
  cat >"$WORK/pgbouncer/pgbouncer.ini" <<INI
[databases]
* = host=$PG_HOST port=$PG_PORT user=$PG_USER
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
ignore_startup_parameters = extra_float_digits,options,search_path
logfile = $WORK/pgbouncer/pgbouncer.log
pidfile = $WORK/pgbouncer/pid
INI
  # PgBouncer refuses to run as root.
  as_root chown -R postgres:postgres "$WORK/pgbouncer"
  as_root runuser -u postgres -- /usr/sbin/pgbouncer -d "$WORK/pgbouncer/pgbouncer.ini"
  export WORKSPACES_TEST_PGBOUNCER="postgresql://$PG_USER@127.0.0.1:$BOUNCER_PORT/postgres"
  echo "PgBouncer (transaction pooling) on 127.0.0.1:$BOUNCER_PORT"
fi

# 3b. A throwaway MariaDB (Debian's mariadb-server, run as the mysql user in its own data directory on a loopback
#     port), unless the caller points at a server. Durability is traded for speed: the data is thrown away.
if [ -z "${WORKSPACES_TEST_MYSQL:-}" ]; then
  MYPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  mkdir -p "$WORK/maria" && as_root chown mysql:mysql "$WORK/maria"
  as_root mariadb-install-db --user=mysql --datadir="$WORK/maria/data" --auth-root-authentication-method=socket >/dev/null 2>&1
  as_root /usr/sbin/mariadbd --user=mysql --datadir="$WORK/maria/data" --socket="$WORK/maria/sock" --port="$MYPORT" \
    --bind-address=127.0.0.1 --pid-file="$WORK/maria/pid" --log-error="$WORK/maria/err.log" --skip-log-bin \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --max-connections=500 >/dev/null 2>&1 &
  for _ in $(seq 1 60); do as_root mariadb -S "$WORK/maria/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.5; done
  as_root mariadb -S "$WORK/maria/sock" -uroot -e \
    "CREATE USER 'ws'@'127.0.0.1' IDENTIFIED BY 'ws'; GRANT ALL ON *.* TO 'ws'@'127.0.0.1';"
  export WORKSPACES_TEST_MYSQL="mysql://ws:ws@127.0.0.1:$MYPORT/mysql"
  echo "MariaDB test server on 127.0.0.1:$MYPORT ($(as_root mariadb -S "$WORK/maria/sock" -uroot -N -e 'SELECT VERSION()'))"
fi

# 4. Build, then check that no EF model has changes without a migration.
dotnet build Workspaces.sln -c "$CONFIG" -nologo -clp:ErrorsOnly
model_ok=0
for context in SqliteTrackingDbContext PostgresTrackingDbContext MySqlTrackingDbContext; do
  if ! dotnet ef migrations has-pending-model-changes --project src/Data --startup-project src/Web \
       --context "$context" --configuration "$CONFIG" --no-build >"$WORK/ef-$context.log" 2>&1; then
    cat "$WORK/ef-$context.log"; echo "Model changes without a migration in $context."; model_ok=1
  fi
done

# 5. The S3 tests start moto_server (Python's moto, in the base image through pyenv); make sure a
#    non-login shell finds it too.
for shims in "${HOME:-/root}/.pyenv/shims" /root/.pyenv/shims; do
  if [ -d "$shims" ] && [[ ":$PATH:" != *":$shims:"* ]]; then PATH="$PATH:$shims"; fi
done
export PATH
command -v moto_server >/dev/null 2>&1 || echo "moto_server not found: the S3 tests will try python3 -m moto.server"

# 6. Every test module (unit + E2E), a global timeout as a guard.
set +e
# One module at a time: the E2E browser must not compete for the 2 cores with the unit tests' databases.
timeout 3000 dotnet test --solution Workspaces.sln --no-build -c "$CONFIG" --no-progress --no-ansi --timeout 45m \
  --max-parallel-test-modules 1 2>&1 | tee "$WORK/test.log"
rc=${PIPESTATUS[0]}
set -e

# Microsoft.Testing.Platform prints one summary per run; CI reads the plain line below.
sum() { grep -E "^\s+$1: [0-9]+" "$WORK/test.log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
# CI keeps only the end of the output: repeat each failure's first lines (name, message, top of the stack) there.
if grep -qE '^failed ' "$WORK/test.log"; then
  echo "Failures:"
  awk '/^failed /{n=25} n>0{print; n--}' "$WORK/test.log" | head -300
fi
echo "$(sum succeeded) passed, $(sum failed) failed, $(sum skipped) skipped"
if [ "$model_ok" -ne 0 ]; then exit 1; fi
exit "$rc"
