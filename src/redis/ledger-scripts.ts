/**
 * The Lua scripts of the Redis ledger store. Each runs atomically on the server. Numbers cross
 * the Lua/Redis boundary as text written with %.17g (Lua's own conversion keeps 14 digits).
 *
 * Keys (one hash tag, so a cluster keeps them on one slot):
 *   e  hash  merchant -> "exposure merit updatedAt"
 *   z  zset  merchant -> log2(exposure + merit) + updatedAt / halfLife (eviction order)
 *   v  zset  merchant -> change counter at its last change (incremental reads)
 *   d  zset  removed merchant -> change counter at removal (tombstones, at most MAX_TOMBSTONES)
 *   m  hash  gen (generation token), seq (change counter), halfLifeMs, clock, trimmed
 *   w  hash  writer -> last applied batch seq (idempotency)
 *   wt zset  writer -> server ms of its last batch (writers idle past writerTtlMs are forgotten)
 */

/** Key suffixes in script order. */
export const KEY_SUFFIXES = ['e', 'z', 'v', 'd', 'm', 'w', 'wt'] as const;

/**
 * apply(KEYS e z v d m w wt; ARGV writer, seq, at, halfLifeMs, maxEntries, minMass, keyTtlMs,
 * writerTtlMs, maxWriters, newGeneration, maxTombstones, maxMass, then merchant, dExposure, dMerit triples).
 * Returns {1, repaired merchants...} when applied, {0} for a batch already applied; an error
 * reply `GFP_HALF_LIFE <stored>` when the stored ledger has another half-life.
 */
export const APPLY_SCRIPT = `
local e, z, v, d, m, w, wt = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local writer, seq, at, h = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local maxEntries, minMass, keyTtl = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
local writerTtl, maxWriters, maxTombstones, MAX = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[11]), tonumber(ARGV[12])
local F = '%.17g'
local stored = redis.call('HGET', m, 'halfLifeMs')
if stored and tonumber(stored) ~= h then return redis.error_reply('GFP_HALF_LIFE ' .. stored) end
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local last = tonumber(redis.call('HGET', w, writer) or '0') or 0
if seq <= last then
  redis.call('ZADD', wt, string.format(F, nowMs), writer)
  return {0}
end
redis.call('HSETNX', m, 'gen', ARGV[10])
redis.call('HSETNX', m, 'halfLifeMs', ARGV[4])
local s = redis.call('HINCRBY', m, 'seq', 1)
local sText = string.format(F, s)
local clock = tonumber(redis.call('HGET', m, 'clock') or '')
if clock == nil or at > clock then clock = at; redis.call('HSET', m, 'clock', string.format(F, at)) end
local LN2 = math.log(2)
local function mass(x) return x ~= nil and x == x and x >= 0 and x <= MAX end
local function score(total, t)
  if total > 0 then return string.format(F, math.log(total) / LN2 + t / h) end
  return '-inf'
end
local repaired = {1}
for i = 13, #ARGV, 3 do
  local id, de, dm = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local ne, nm, nt = de, dm, at
  local old = redis.call('HGET', e, id)
  if old then
    local a, b, c = string.match(old, '^(%S+) (%S+) (%S+)$')
    local oe, om, ot = tonumber(a), tonumber(b), tonumber(c)
    if mass(oe) and mass(om) and ot ~= nil and ot == ot and math.abs(ot) <= 8.64e15 then
      if at >= ot then
        local f = 2 ^ (-(at - ot) / h)
        ne, nm = oe * f + de, om * f + dm
      else
        local f = 2 ^ (-(ot - at) / h)
        ne, nm, nt = oe + de * f, om + dm * f, ot
      end
    else
      repaired[#repaired + 1] = id
    end
  end
  if ne > MAX then ne = MAX end
  if nm > MAX then nm = MAX end
  redis.call('HSET', e, id, string.format(F .. ' ' .. F .. ' ' .. F, ne, nm, nt))
  redis.call('ZADD', z, score(ne + nm, nt), id)
  redis.call('ZADD', v, sText, id)
  redis.call('ZREM', d, id)
end
local function remove(id)
  redis.call('HDEL', e, id)
  redis.call('ZREM', z, id)
  redis.call('ZREM', v, id)
  redis.call('ZADD', d, sText, id)
end
if minMass > 0 then
  local cut = math.log(minMass) / LN2 + clock / h
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', z, '-inf', '(' .. string.format(F, cut), 'LIMIT', 0, 1000)) do remove(id) end
end
local count = redis.call('ZCARD', z)
if count > maxEntries then
  local target = math.max(1, math.floor(maxEntries * 0.9))
  for _, id in ipairs(redis.call('ZRANGE', z, 0, count - target - 1)) do remove(id) end
end
local dead = redis.call('ZCARD', d)
if dead > maxTombstones then
  local cut = redis.call('ZRANGE', d, dead - maxTombstones - 1, dead - maxTombstones - 1, 'WITHSCORES')
  redis.call('ZREMRANGEBYRANK', d, 0, dead - maxTombstones - 1)
  local trimmed = tonumber(redis.call('HGET', m, 'trimmed') or '0') or 0
  if tonumber(cut[2]) > trimmed then redis.call('HSET', m, 'trimmed', cut[2]) end
end
redis.call('HSET', w, writer, string.format(F, seq))
redis.call('ZADD', wt, string.format(F, nowMs), writer)
for _, old in ipairs(redis.call('ZRANGEBYSCORE', wt, '-inf', '(' .. string.format(F, nowMs - writerTtl), 'LIMIT', 0, 100)) do
  redis.call('HDEL', w, old)
  redis.call('ZREM', wt, old)
end
local writers = redis.call('ZCARD', wt)
if writers > maxWriters then
  for _, old in ipairs(redis.call('ZRANGE', wt, 0, writers - maxWriters - 1)) do
    redis.call('HDEL', w, old)
    redis.call('ZREM', wt, old)
  end
end
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, keyTtl) end
return repaired
`;

/**
 * read(KEYS e v d m; ARGV generation, since). Returns {gen, seq, full (1|0), flat [merchant,
 * value, ...], removed merchants}: every entry when the generation differs or the cursor is
 * older than the trimmed tombstones, else those changed after `since`.
 */
export const READ_SCRIPT = `
local e, v, d, m = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local gen = redis.call('HGET', m, 'gen') or ''
local seq = redis.call('HGET', m, 'seq') or '0'
local trimmed = tonumber(redis.call('HGET', m, 'trimmed') or '0') or 0
local since = tonumber(ARGV[2])
if ARGV[1] ~= gen or since == nil or since < trimmed or since > tonumber(seq) then
  return {gen, seq, 1, redis.call('HGETALL', e), {}}
end
local flat = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', v, '(' .. ARGV[2], '+inf')) do
  local value = redis.call('HGET', e, id)
  if value then
    flat[#flat + 1] = id
    flat[#flat + 1] = value
  end
end
return {gen, seq, 0, flat, redis.call('ZRANGEBYSCORE', d, '(' .. ARGV[2], '+inf')}
`;
