-- report.lua - wrk script for bench/run.sh: prints one machine-readable line
-- at the end of a run (latencies in microseconds, duration in microseconds).
--   BENCH requests=N duration_us=N rps=N p50_us=N p90_us=N p99_us=N max_us=N
--         bytes=N err_connect=N err_read=N err_write=N err_status=N err_timeout=N
-- err_status counts answers that were not 2xx or 3xx.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "bytes=%d err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
end
