-- wrk password sign-in for bench/run: POST /login, one Argon2id verification each. LINES_FILE names
-- a file of login forms, one per line: the form's target (path and query), the Cookie header and the
-- filled-in form (x-www-form-urlencoded), separated by tabs, each from a login page opened in a
-- browser of its own (LoadGenerator login-forms). Each thread takes its share and posts each form
-- once; a thread that runs out posts its last form again, which OID refuses (counted as errors).
dofile("bench/wrk/common.lua") -- done(), setup(), dealt()
local file = assert(os.getenv("LINES_FILE"), "LINES_FILE is not set")

function init(args)
  forms, next_form = dealt(file), 1
end

function request()
  local line = forms[math.min(next_form, #forms)]
  next_form = next_form + 1
  local path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  return wrk.format("POST", path, { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie }, body)
end
