-- wrk request for bench/run: METHOD (GET), BODY (a form, sent as x-www-form-urlencoded),
-- BASIC_USER/BASIC_PASS (client_secret_basic) or BEARER (an access token), all from the environment.
dofile("bench/wrk/common.lua") -- done()

local function b64(data)
  local b = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  return ((data:gsub('.', function(x)
    local r, byte = '', x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
    if #x < 6 then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
    return b:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#data % 3 + 1])
end

wrk.method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
if body then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
local u, p = os.getenv("BASIC_USER"), os.getenv("BASIC_PASS")
if u and p then wrk.headers["Authorization"] = "Basic " .. b64(u .. ":" .. p) end
local bearer = os.getenv("BEARER")
if bearer then wrk.headers["Authorization"] = "Bearer " .. bearer end
