-- Replaces one node's connections with the given ones, atomically, and returns the transitions
-- this caused as a flat list of user id, 1 (came online) or 0 (went offline).
-- KEYS[1] the node's user set, KEYS[2] the set of listed nodes, KEYS[3] the node's liveness key.
-- ARGV[1] node id, ARGV[2] user key prefix ("vestnik:presence:user:"),
-- ARGV[3] mode: "sweep" (only if the liveness key is gone; unlists the node),
--               "close" (unlists the node), "resync" (keeps it listed),
-- ARGV[4..] pairs of user id, connection id that the node holds now (resync only).
-- Keys built inside the script share the hash tag of KEYS on a Redis Cluster (PresenceKeys), so the
-- script stays on one slot.
local mode = ARGV[3]
if mode == 'sweep' and redis.call('EXISTS', KEYS[3]) == 1 then return {} end
local prefix = ARGV[1] .. ':'
local wanted = {}
for i = 4, #ARGV, 2 do
  wanted[ARGV[i]] = wanted[ARGV[i]] or {}
  wanted[ARGV[i]][ARGV[i + 1]] = true
end
local users = {}
for _, user in ipairs(redis.call('SMEMBERS', KEYS[1])) do users[user] = true end
for user in pairs(wanted) do users[user] = true end
local changes = {}
for user in pairs(users) do
  local key = ARGV[2] .. user
  local before = redis.call('SCARD', key)
  local keep = wanted[user] or {}
  for _, member in ipairs(redis.call('SMEMBERS', key)) do
    if string.sub(member, 1, #prefix) == prefix and not keep[member] then redis.call('SREM', key, member) end
  end
  for member in pairs(keep) do redis.call('SADD', key, member) end
  local after = redis.call('SCARD', key)
  if before == 0 and after > 0 then
    table.insert(changes, user) table.insert(changes, 1)
  elseif before > 0 and after == 0 then
    table.insert(changes, user) table.insert(changes, 0)
  end
end
redis.call('DEL', KEYS[1])
for user in pairs(wanted) do redis.call('SADD', KEYS[1], user) end
if mode == 'resync' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
if mode == 'close' then redis.call('DEL', KEYS[3]) end
return changes
