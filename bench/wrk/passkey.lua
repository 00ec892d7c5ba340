-- wrk passkey sign-in for bench/run: POST /login/passkey/sign-in, one ECDSA verification each. The lines are
-- login.lua's (the form's target, the Cookie header, the form), made by LoadGenerator passkey-forms:
-- a login page opened in a browser of its own, a challenge asked for as its script does, the
-- assertion of the load generator's software authenticator. A refused assertion is answered with the
-- login page again (200), not the redirect with a code: counted as an error here.
dofile("bench/wrk/login.lua") -- init(), request(), setup(), done()
local threads_seen = {}
local number = setup
function setup(thread)
  number(thread)
  threads_seen[#threads_seen + 1] = thread
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    refused = (refused or 0) + 1
  end
end

local report = done
function done(summary, latency, requests)
  for _, thread in ipairs(threads_seen) do
    summary.errors.status = summary.errors.status + (thread:get("refused") or 0)
  end
  report(summary, latency, requests)
end
