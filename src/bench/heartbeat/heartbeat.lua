-- wrk script: POSTs heartbeats for WORKERS distinct worker ids (default 10 000), round robin,
-- to the path prefix given as the first script argument (".../heartbeat" is appended per id); the
-- third argument, if not empty, is sent as the Authorization header of every request.
local prefix
local workers = 10000
local n = 0
local thread_no = 0
local threads = {}

function setup(thread)
  thread:set("thread_no", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1]
  workers = tonumber(args[2] or "10000")
  n = thread_no * 7919
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"queues":["q"],"ackedVersion":0}'
  if args[3] and args[3] ~= "" then
    wrk.headers["Authorization"] = args[3]
  end
end

function request()
  n = n + 1
  local id = string.format("00000000-0000-4000-8000-%012x", n % workers)
  return wrk.format(nil, prefix .. id .. "/heartbeat")
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
