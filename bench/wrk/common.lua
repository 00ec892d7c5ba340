-- Shared by bench/run's wrk scripts, loaded with dofile from the repository's root (bench/run runs there).

-- done() prints one machine-readable line; an error is a non-2xx/3xx answer or a socket error.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests=%d errors=%d seconds=%.2f p50=%.2f p99=%.2f p999=%.2f\n",
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end

-- For scripts that deal the lines of a file to the threads: setup() numbers the threads (it runs
-- in the main state, before each thread's init), dealt(file) answers this thread's share, round-robin
-- (THREADS, from the environment, is wrk's -t).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function dealt(file)
  local mine, count, n = {}, tonumber(os.getenv("THREADS") or "2"), 0
  for line in io.lines(file) do
    if #line > 0 then
      n = n + 1
      if (n - id) % count == 0 then mine[#mine + 1] = line end
    end
  end
  return mine
end
