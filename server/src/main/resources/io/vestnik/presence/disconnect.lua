-- Removes one connection of a user; returns 1 when it was the user's last anywhere (went offline).
-- KEYS[1] the user's connection set, KEYS[2] the node's user set;
-- ARGV[1] connection id, ARGV[2] user id, ARGV[3] this node's connection id prefix ("<nodeId>:").
-- Atomic, so of two nodes removing the user's last connections at once exactly one sees the 1.
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
local left = redis.call('SMEMBERS', KEYS[1])
local prefix = ARGV[3]
local here = false
for _, member in ipairs(left) do
  if string.sub(member, 1, #prefix) == prefix then here = true break end
end
-- The node's set lists only users with a connection on it, so a sweep of the node finds them all.
if not here then redis.call('SREM', KEYS[2], ARGV[2]) end
if #left == 0 then return 1 end
return 0
