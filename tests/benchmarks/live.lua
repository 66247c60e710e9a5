-- wrk script of the live coverage benchmark: every connection polls the one address of the
-- file (`wrk -s live.lua URL -- FILE`) as a reader's page does, revalidating its copy: it
-- sends the ETag of the newest full answer its thread has had (If-None-Match), so an
-- unchanged answer is a 304. Counts responses as mix.lua does.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "mix.lua")
local count = response
local etag = nil

request = function()
  if etag then
    return wrk.format("GET", paths[1], { ["If-None-Match"] = etag })
  end
  return wrk.format("GET", paths[1])
end

response = function(status, headers, body)
  if status == 200 then
    etag = headers["ETag"] or headers["etag"] or etag
  end
  count(status, headers, body)
end
