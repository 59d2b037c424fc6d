'use strict';
/**
 * osls plugin (serverless.yml `plugins`): `serverless deploy` fails, before anything is packaged or sent to AWS,
 * when the stack would have no alert destination. Without one the stack deploys, detects, and tells nobody (even the
 * nightly self-check's warning goes to a topic without subscribers). `serverless package` (offline, in the tests)
 * still works without one.
 *
 * The destination is the template's AlertEmail parameter default, i.e. `--param alertEmail=…` or `email` in
 * iam-guardian.config.yaml (config/serverless-vars.js), after osls resolved the variables.
 */

const MESSAGE = [
  'iam-guardian: no alert destination, so this deploy would alert nobody.',
  'Give an e-mail address for alerts and operations alarms, either',
  '  npx serverless deploy --param="alertEmail=you@example.com"',
  'or `email: you@example.com` in iam-guardian.config.yaml.',
  '(`npx serverless package` works without one.)',
].join('\n');

/** Loose shape check: CloudFormation's AllowedPattern on AlertEmail repeats it at deploy time. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The alert e-mail the stack will be deployed with ('' when none). */
function alertEmailOf(service) {
  const p = service && service.resources && service.resources.Parameters && service.resources.Parameters.AlertEmail;
  const v = p && p.Default;
  return typeof v === 'string' ? v.trim() : '';
}

/** Throws (with a clean message) when `commands` is a full deploy and `service` has no usable alert e-mail. */
function checkAlertDestination(commands, service) {
  if (!Array.isArray(commands) || commands.length !== 1 || commands[0] !== 'deploy') return;
  const email = alertEmailOf(service);
  let message;
  if (email === '') message = MESSAGE;
  else if (!EMAIL.test(email)) message = `iam-guardian: alertEmail ${JSON.stringify(email)} is not an e-mail address.\n${MESSAGE}`;
  if (message) {
    const e = new Error(message);
    e.stack = e.message; // osls prints the stack of a non-ServerlessError: keep it to the message
    throw e;
  }
}

class RequireAlertDestination {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      initialize: () => checkAlertDestination(serverless.processedInput && serverless.processedInput.commands, serverless.service),
    };
  }
}

module.exports = RequireAlertDestination;
module.exports.checkAlertDestination = checkAlertDestination;
module.exports.MESSAGE = MESSAGE;
