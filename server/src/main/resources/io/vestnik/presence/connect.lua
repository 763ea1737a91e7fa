-- Adds one connection of a user; returns 1 when it is the user's first anywhere (came online).
-- KEYS[1] the user's connection set, KEYS[2] the node's user set; ARGV[1] connection id, ARGV[2] user id.
-- Atomic, so of two nodes adding the user's first connections at once exactly one sees the 1.
local added = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
if added == 1 and redis.call('SCARD', KEYS[1]) == 1 then return 1 end
return 0
