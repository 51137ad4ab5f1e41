# Multi-stage build: the build stage runs the same build the README uses;
# the runtime stage carries only the binary, its shared libraries and the
# demo data, and runs as an unprivileged user with the database on a volume.
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
COPY api-spec/package.json api-spec/package-lock.json api-spec/
COPY web/package.json web/package-lock.json web/
RUN scripts/install-deps.sh
COPY . .
RUN rm -rf build && scripts/build.sh build -Dtests=false -Dbuildtype=release

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends \
      libmicrohttpd12 libjansson4 libsqlite3-0 libpq5 libsodium23 zlib1g libxlsxwriter4 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /data --shell /usr/sbin/nologin scrutiny \
 && mkdir -p /data && chown scrutiny:scrutiny /data
COPY --from=build /src/build/server/scrutiny /usr/local/bin/scrutiny
COPY --from=build /src/data/demo /usr/share/scrutiny/demo
ENV SCRUTINY_DB=/data/scrutiny.db \
    SCRUTINY_DEMO_DIR=/usr/share/scrutiny/demo
USER scrutiny
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["scrutiny"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
