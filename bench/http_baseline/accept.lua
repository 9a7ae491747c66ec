-- TARGET=batch: POST /v1/clock-out-batches with ITEMS clock-outs (random shift ids, made
-- once; a fresh Idempotency-Key each time), GK_KEY the key (bench/accept.py);
-- TARGET=ping: GET /ping of the minimal app; TARGET=settle: POST /settle of the minimal app.
local target = os.getenv("TARGET")
local key = os.getenv("GK_KEY") or ""
local items = tonumber(os.getenv("ITEMS") or "1000")
local alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
local counter = 0
local tag = ""
local body = ""
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  tag = tostring(math.random(1, 1e9))
  local parts = {}
  for i = 1, items do
    local id = {}
    for j = 1, 26 do
      local k = math.random(1, 32)
      id[j] = alphabet:sub(k, k)
    end
    parts[i] = '{"shift_id": "shf_' .. table.concat(id) .. '"}'
  end
  body = '{"clock_outs": [' .. table.concat(parts, ", ") .. ']}'
end
request = function()
  counter = counter + 1
  if target == "batch" then
    local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key,
                     ["Idempotency-Key"] = tag .. "-" .. counter}
    return wrk.format("POST", "/v1/clock-out-batches", headers, body)
  elseif target == "settle" then
    local one = string.format('{"account_id": %d, "worker_id": %d, "amount": 1250}',
                              math.random(1, 1000), math.random(100000, 999999))
    return wrk.format("POST", "/settle", {["Content-Type"] = "application/json"}, one)
  end
  return wrk.format("GET", "/ping")
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
