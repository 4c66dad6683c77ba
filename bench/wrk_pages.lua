-- wrk script for bench/load_test.py and bench/fault_test.py: each connection walks a list of
-- paths (one per line, in the file named after `--`), and the run ends with one RESULT line of
-- JSON the Python scripts read.
--
--   wrk -c64 -d30s -t2 -s bench/wrk_pages.lua http://127.0.0.1:8063 -- paths.txt

local paths = {}
local next_path = 1

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  -- Each thread starts at a different place in the list.
  next_path = (math.random(#paths) - 1) % #paths + 1
  -- gunicorn sits behind an https proxy in production; this says the request came through it.
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, "http_errors": %d, ' ..
    '"p50_us": %d, "p75_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.0f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    e.status, latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
