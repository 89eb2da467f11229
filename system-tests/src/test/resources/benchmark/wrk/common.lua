-- Shared by the benchmark's wrk scripts (GatewayBenchmark). Customers come from the file named by WRK_CUSTOMERS
-- ("walletId token" per line); done() writes the run's figures to the file named by WRK_OUT: requests, duration in
-- microseconds, errors (connect, read, write, status, timeout), then the latency distribution as 1,000 quantiles in
-- microseconds, so the slices of a row can be merged.
customers = {}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function load_customers()
  for line in io.lines(os.getenv("WRK_CUSTOMERS")) do
    local wallet, token = line:match("^(%S+)%s+(%S+)$")
    if wallet then
      customers[#customers + 1] = { wallet = wallet, token = token }
    end
  end
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919 + math.floor(os.clock() * 1000000))
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("WRK_OUT"), "w"))
  local e = summary.errors
  out:write(string.format("requests %d\nduration_us %d\nerrors %d %d %d %d %d\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout))
  for i = 1, 1000 do
    out:write(string.format("%d\n", latency:percentile(i / 10.0)))
  end
  out:close()
end
