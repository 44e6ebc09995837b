-- wrk: one valid order per request, each from its own customer (one tag per run and thread, a counter per thread).
-- The product `wrk-apple` is created by run.sh with stock for every request.
local counter = 0
local tag = os.getenv("OP_WRK_TAG") or "run"
local thread_id = 0

setup = function(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end

request = function()
  counter = counter + 1
  local body = '{"customerId":"wrk-' .. tag .. '-' .. tostring(id) .. '-' .. counter
    .. '","items":[{"productId":"wrk-apple","quantity":1}],"contact":{"email":"w' .. counter .. '@example.com"}}'
  return wrk.format("POST", "/orders", {["Content-Type"] = "application/json"}, body)
end
