-- GET one of the employers, authenticated. TARGET=gigkit: /v1/employers/{id} with GK_KEY;
-- TARGET=minimal: /employers/{1..1000} with the minimal app's key.
local target = os.getenv("TARGET")
local ids = {}
if target == "gigkit" then
  for line in io.lines(os.getenv("EMPLOYERS")) do ids[#ids + 1] = line end
end
local key = target == "gigkit" and os.getenv("GK_KEY") or "minimal-key"
function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000) end
request = function()
  local path
  if target == "gigkit" then path = "/v1/employers/" .. ids[math.random(1, #ids)]
  else path = "/employers/" .. math.random(1, 1000) end
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. key})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2f p99=%.2f non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
