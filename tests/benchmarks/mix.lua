-- wrk script of the comeback benchmark: each request goes to an address picked at random from
-- a file of addresses, one a line (`wrk -s mix.lua URL -- FILE`). Besides report.lua's RESULT
-- line it prints one more, of the responses counted by status and by X-Page-Cache, second by
-- second ("<Unix time> <status or cache state>": count).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")
local report = done

local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

init = function(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  math.randomseed(os.time() * 100 + id)
  counts = {}
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

-- Flat keys, "<second> <what>": wrk copies a table from a thread only one level deep.
local function add(second, key)
  local name = second .. " " .. key
  counts[name] = (counts[name] or 0) + 1
end

response = function(status, headers, body)
  local second = tostring(os.time())
  add(second, tostring(status))
  add(second, headers["X-Page-Cache"] or headers["x-page-cache"] or "none")
end

done = function(summary, latency, requests)
  report(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for name, n in pairs(thread:get("counts")) do
      merged[name] = (merged[name] or 0) + n
    end
  end
  local cells = {}
  for name, n in pairs(merged) do
    table.insert(cells, string.format('"%s":%d', name, n))
  end
  io.write('RESULT {"counts":{' .. table.concat(cells, ",") .. "}}\n")
end
