-- POST the money write with a fresh Idempotency-Key each time, on one of NACC accounts.
-- TARGET=gigkit: POST /v1/escrow/holds (EMPLOYERS: a file of employer ids, GK_KEY the key);
-- TARGET=minimal: POST /settle.
local target = os.getenv("TARGET")
local nacc = tonumber(os.getenv("NACC") or "1000")
local ids = {}
if target == "gigkit" then
  for line in io.lines(os.getenv("EMPLOYERS")) do ids[#ids + 1] = line end
  nacc = math.min(nacc, #ids)
end
local key = os.getenv("GK_KEY")
local counter = 0
local tag = ""
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  tag = tostring(math.random(1, 1e9))
end
request = function()
  counter = counter + 1
  if target == "gigkit" then
    local body = string.format(
      '{"employer_id": "%s", "amount": 1250, "currency": "CNY", "purpose": "wages"}',
      ids[math.random(1, nacc)])
    return wrk.format("POST", "/v1/escrow/holds", {["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. key, ["Idempotency-Key"] = tag .. "-" .. counter}, body)
  end
  local body = string.format('{"account_id": %d, "worker_id": %d, "amount": 1250}',
                             math.random(1, nacc), math.random(100000, 999999))
  return wrk.format("POST", "/settle", {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
