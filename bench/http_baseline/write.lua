-- POST the money write with a fresh Idempotency-Key each time, on one of NACC accounts.
-- TARGET=gigkit: POST /v1/escrow/holds (EMPLOYERS: a file of employer ids, GK_KEY the key);
-- TARGET=clockout: POST /v1/shifts/{id}/clock-out for the next shift of SHIFTS (a file of
-- clocked-in shift ids, one per request: a second clock-out is a 409, so the file must
-- outlast the run; -t1: one counter), GK_KEY the key (bench/settle.py);
-- TARGET=minimal: POST /settle.
local target = os.getenv("TARGET")
local nacc = tonumber(os.getenv("NACC") or "1000")
local ids = {}
if target == "gigkit" then
  for line in io.lines(os.getenv("EMPLOYERS")) do ids[#ids + 1] = line end
  nacc = math.min(nacc, #ids)
elseif target == "clockout" then
  for line in io.lines(os.getenv("SHIFTS")) do ids[#ids + 1] = line end
end
local key = os.getenv("GK_KEY") or ""
local counter = 0
local tag = ""
function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  tag = tostring(math.random(1, 1e9))
end
request = function()
  counter = counter + 1
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key,
                   ["Idempotency-Key"] = tag .. "-" .. counter}
  if target == "clockout" then
    local id = ids[counter] or "shf_0000000000000000000000exhausted"
    return wrk.format("POST", "/v1/shifts/" .. id .. "/clock-out", headers, "{}")
  elseif target == "gigkit" then
    local body = string.format(
      '{"employer_id": "%s", "amount": 1250, "currency": "CNY", "purpose": "wages"}',
      ids[math.random(1, nacc)])
    return wrk.format("POST", "/v1/escrow/holds", headers, body)
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
