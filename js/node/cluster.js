// node:cluster. The process is always the primary; forking workers needs IPC
// and throws ERR_NOT_IMPLEMENTED.
'use strict';

const EventEmitter = require('events');
const { notImplemented, notImplementedClass } = require('internal/not_implemented');

const cluster = new EventEmitter();
cluster.isWorker = false;
cluster.isMaster = true;
cluster.isPrimary = true;
cluster.Worker = notImplementedClass('cluster.Worker');
cluster.workers = {};
cluster.settings = {};
cluster.SCHED_NONE = 1;
cluster.SCHED_RR = 2;
cluster.schedulingPolicy = cluster.SCHED_RR;
cluster.setupPrimary = function setupPrimary(settings) {
  cluster.settings = { ...cluster.settings, ...settings };
};
cluster.setupMaster = cluster.setupPrimary;
cluster.fork = notImplemented('cluster.fork');
cluster.disconnect = function disconnect(cb) {
  if (typeof cb === 'function') process.nextTick(cb);
};

module.exports = cluster;
