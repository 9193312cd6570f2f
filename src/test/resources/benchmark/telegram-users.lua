-- wrk script: every connection has its own thread (run with -t N -c N), and each thread plays
-- one Telegram user after another through a whole consultation, posting the next update only
-- after the answer to the previous one (wrk waits for each response on a connection).
local steps = {
  "/start", "相談を始める", "給料が下がりそう", "未経験なのが不安です", "次へ",
  "コミュニケーション力", "エクセルの集計", "次へ", "月に100件の新規電話でアポを取り続けた",
  "経理の仕事に興味があります", "相談を終える"
}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local step, user, update_id, users_done

function init(args)
  step = 0
  user = 0
  update_id = 0
  users_done = 0
end

local function json_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

function request()
  step = step + 1
  if step > #steps then
    step = 1
    user = user + 1
    users_done = users_done + 1
  end
  update_id = update_id + 1
  local chat = 900000000 + id * 100000 + user
  local body = '{"update_id":' .. (id * 10000000 + update_id) ..
    ',"message":{"message_id":' .. update_id ..
    ',"from":{"id":' .. chat .. ',"is_bot":false,"first_name":"Bench","language_code":"ja"}' ..
    ',"chat":{"id":' .. chat .. ',"first_name":"Bench","type":"private"},"date":1795000000' ..
    ',"text":' .. json_string(steps[step]) .. '}}'
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Telegram-Bot-Api-Secret-Token"] = "bench-secret"
  }, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  io.write(string.format("RESULT updates=%d seconds=%.2f rate=%.0f p50=%.2f p95=%.2f p99=%.2f max=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
