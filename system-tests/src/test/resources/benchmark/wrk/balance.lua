-- A balance read of a random customer's wallet, with that customer's token.
package.path = os.getenv("WRK_SCRIPTS") .. "/?.lua;" .. package.path
require "common"

function init(args)
  load_customers()
end

function request()
  local c = customers[math.random(#customers)]
  return wrk.format("GET", "/api/v1/wallets/" .. c.wallet .. "/balance", { ["Authorization"] = "Bearer " .. c.token })
end
