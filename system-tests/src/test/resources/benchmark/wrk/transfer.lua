-- A 1-cent transfer between two different random customers, each with a fresh Idempotency-Key.
package.path = os.getenv("WRK_SCRIPTS") .. "/?.lua;" .. package.path
require "common"

function init(args)
  load_customers()
end

local function uuid()
  return string.format("%08x-%04x-4%03x-%04x-%04x%08x", math.random(0, 0xffffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0x8000, 0xbfff), math.random(0, 0xffff), math.random(0, 0xffffffff))
end

function request()
  local n = #customers
  local a = math.random(n)
  local b = math.random(n - 1)
  if b >= a then
    b = b + 1
  end
  local from, to = customers[a], customers[b]
  local body = '{"fromWalletId":"' .. from.wallet .. '","toWalletId":"' .. to.wallet .. '","amount":1,"currency":"ZAR"}'
  return wrk.format("POST", "/api/v1/transfers", { ["Authorization"] = "Bearer " .. from.token,
    ["Content-Type"] = "application/json", ["Idempotency-Key"] = uuid() }, body)
end
