'use strict';
// osls accepts local plugins inside the service folder only: the forwarder uses the main stack's deploy check.
module.exports = require('../config/require-alert-destination.js');
