-- wrk refresh-token chains for bench/run: the refresh grant with rotation, as a client runs it.
-- LINES_FILE names a file of refresh tokens, one per line (one signed-in family each; more than
-- one per connection: wrk calls the first thread's request() once before the run, to look at it,
-- and that token is lost). Each thread takes its share; every request presents a token of its queue
-- and every answer puts the rotated token back, so no token is ever presented twice.
-- PUBLIC_CLIENT_ID is the (public) client the families belong to. An answer without a new token
-- ends that chain; a thread whose chains are all ended sends an empty token (counted as errors).
dofile("bench/wrk/common.lua") -- done(), setup(), dealt()
local file = assert(os.getenv("LINES_FILE"), "LINES_FILE is not set")
local client = assert(os.getenv("PUBLIC_CLIENT_ID"), "PUBLIC_CLIENT_ID is not set")

function init(args)
  queue = dealt(file)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

function request()
  local token = table.remove(queue, 1) or ""
  return wrk.format(nil, nil, nil, "grant_type=refresh_token&client_id=" .. client .. "&refresh_token=" .. token)
end

function response(status, headers, body)
  local token = status == 200 and body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if token then queue[#queue + 1] = token end
end
