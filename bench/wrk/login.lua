-- wrk password sign-in for bench/run: POST /login, one Argon2id verification each. LOGIN_FORMS names
-- a file of login forms, one per line: the form's target (path and query), the Cookie header and the
-- filled-in form (x-www-form-urlencoded), separated by tabs, each from a login page opened in a
-- browser of its own (LoadGenerator login-forms). Each thread takes its share and posts each form
-- once; a thread that runs out posts its last form again, which OID refuses (counted as errors).
local file = assert(os.getenv("LOGIN_FORMS"), "LOGIN_FORMS is not set")
local all, threads = {}, 0
for line in io.lines(file) do if #line > 0 then all[#all + 1] = line end end

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  forms, next_form = {}, 1
  local count = tonumber(os.getenv("THREADS") or "2")
  for i = id, #all, count do forms[#forms + 1] = all[i] end
end

function request()
  local line = forms[math.min(next_form, #forms)]
  next_form = next_form + 1
  local path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  return wrk.format("POST", path, { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests=%d errors=%d seconds=%.2f p50=%.2f p99=%.2f p999=%.2f\n",
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
