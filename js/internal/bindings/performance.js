// Adapted from Node.js src/node_perf.cc and src/histogram.cc (MIT license,
// Node.js contributors). Node's internalBinding('performance'): the entry-type
// and milestone constants, the observer counters, and a recording histogram
// (exact values kept in a sorted map instead of HdrHistogram's buckets).
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeSort,
  BigInt,
  Float64Array,
  MathMax,
  MathMin,
  MathSqrt,
  Number,
  SafeMap,
  Uint32Array,
} = primordials;

const ops = internalBinding('ops');

const constants = {
  __proto__: null,
  NODE_PERFORMANCE_ENTRY_TYPE_GC: 0,
  NODE_PERFORMANCE_ENTRY_TYPE_HTTP: 1,
  NODE_PERFORMANCE_ENTRY_TYPE_HTTP2: 2,
  NODE_PERFORMANCE_ENTRY_TYPE_NET: 3,
  NODE_PERFORMANCE_ENTRY_TYPE_DNS: 4,
  NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN_TIMESTAMP: 0,
  NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN: 1,
  NODE_PERFORMANCE_MILESTONE_ENVIRONMENT: 2,
  NODE_PERFORMANCE_MILESTONE_NODE_START: 3,
  NODE_PERFORMANCE_MILESTONE_V8_START: 4,
  NODE_PERFORMANCE_MILESTONE_LOOP_START: 5,
  NODE_PERFORMANCE_MILESTONE_LOOP_EXIT: 6,
  NODE_PERFORMANCE_MILESTONE_BOOTSTRAP_COMPLETE: 7,
  NODE_PERFORMANCE_GC_MAJOR: 4,
  NODE_PERFORMANCE_GC_MINOR: 1,
  NODE_PERFORMANCE_GC_INCREMENTAL: 8,
  NODE_PERFORMANCE_GC_WEAKCB: 16,
  NODE_PERFORMANCE_GC_FLAGS_NO: 0,
  NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
  NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
  NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
  NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
  NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
  NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
};

const observerCounts = new Uint32Array(5);

// Milestones in nanoseconds of the performance clock; nodus marks the start
// of the process and treats the bootstrap as instantaneous.
const milestones = new Float64Array(8);
function refreshMilestones() {
  const origin = ops.op_os_time_origin();
  milestones[0] = origin * 1e3;
  for (let i = 1; i < 8; i++) milestones[i] = 0;
  milestones[constants.NODE_PERFORMANCE_MILESTONE_LOOP_EXIT] = -1;
}

function now() {
  return ops.op_os_perf_now();
}

class Histogram {
  #values = new SafeMap();
  #count = 0;
  #min = 9223372036854776000;
  #max = 0;
  #sum = 0;
  #sumSq = 0;
  #exceeds = 0;
  #highest;
  #prev = 0;

  constructor(lowest = 1, highest = Number.MAX_SAFE_INTEGER) {
    void lowest;
    this.#highest = highest;
  }

  record(value) {
    value = Number(value);
    if (value > this.#highest) {
      this.#exceeds++;
      return;
    }
    this.#values.set(value, (this.#values.get(value) ?? 0) + 1);
    this.#count++;
    this.#min = MathMin(this.#min, value);
    this.#max = MathMax(this.#max, value);
    this.#sum += value;
    this.#sumSq += value * value;
  }

  recordDelta() {
    const t = now() * 1e6;
    if (this.#prev > 0) this.record(t - this.#prev);
    this.#prev = t;
  }

  add(other) {
    other = other.handleFor?.() ?? other;
    for (const { 0: v, 1: n } of other.entries()) {
      for (let i = 0; i < n; i++) this.record(v);
    }
  }

  entries() {
    return this.#values;
  }

  reset() {
    this.#values = new SafeMap();
    this.#count = 0;
    this.#min = 9223372036854776000;
    this.#max = 0;
    this.#sum = 0;
    this.#sumSq = 0;
    this.#exceeds = 0;
    this.#prev = 0;
  }

  count() { return this.#count; }
  countBigInt() { return BigInt(this.#count); }
  min() { return this.#min; }
  minBigInt() { return this.#count === 0 ? 9223372036854775807n : BigInt(this.#min); }
  max() { return this.#max; }
  maxBigInt() { return BigInt(this.#max); }
  exceeds() { return this.#exceeds; }
  exceedsBigInt() { return BigInt(this.#exceeds); }
  mean() { return this.#count === 0 ? NaN : this.#sum / this.#count; }
  stddev() {
    if (this.#count === 0) return NaN;
    const mean = this.#sum / this.#count;
    return MathSqrt(MathMax(0, this.#sumSq / this.#count - mean * mean));
  }

  #sorted() {
    const keys = [];
    for (const k of this.#values.keys()) ArrayPrototypePush(keys, k);
    return ArrayPrototypeSort(keys, (a, b) => a - b);
  }

  percentile(p) {
    if (this.#count === 0) return 0;
    const want = MathMax(1, (p / 100) * this.#count);
    let seen = 0;
    for (const k of this.#sorted()) {
      seen += this.#values.get(k);
      if (seen >= want) return k;
    }
    return this.#max;
  }

  percentileBigInt(p) { return BigInt(this.percentile(p)); }

  percentiles(map) {
    if (this.#count === 0) {
      map.set(100, 0);
      return;
    }
    let seen = 0;
    for (const k of this.#sorted()) {
      seen += this.#values.get(k);
      map.set((seen / this.#count) * 100, k);
    }
  }

  percentilesBigInt(map) {
    const tmp = new SafeMap();
    this.percentiles(tmp);
    for (const { 0: p, 1: v } of tmp) map.set(p, BigInt(v));
  }

  start() {}
  stop() {}
}

function createELDHistogram() {
  const { ERR_METHOD_NOT_IMPLEMENTED } = require('internal/errors').codes;
  throw new ERR_METHOD_NOT_IMPLEMENTED('monitorEventLoopDelay');
}

module.exports = {
  constants,
  observerCounts,
  get milestones() {
    refreshMilestones();
    return milestones;
  },
  now,
  Histogram,
  createELDHistogram,
  installGarbageCollectionTracking() {},
  removeGarbageCollectionTracking() {},
  setupObservers() {},
  loopIdleTime: () => 0,
  uvMetricsInfo: () => [0, 0, 0],
};
