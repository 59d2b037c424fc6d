'use strict';
/**
 * osls plugin of the member stack (org/member/serverless.yml `plugins`): the packaged template is what a
 * service-managed StackSet deploys, a plain CloudFormation template with no deployment bucket behind it.
 *
 * - osls adds an output `ServerlessDeploymentBucketName` (exported as sls-<service>-<stage>-…) naming the deployment
 *   bucket even when `provider.deploymentBucket.name` points at a bucket that does not exist; the StackSet has no such
 *   bucket in any account. It is removed before osls finalizes the template (and any other deployment-bucket output).
 * - `serverless deploy` of this stack is refused: it would need that bucket. Deploy with the StackSet (README,
 *   "Organizations mode"); `serverless package` builds the template offline.
 */

const BUCKET_OUTPUTS = ['ServerlessDeploymentBucketName', 'ServerlessDeploymentBucketAccelerated'];

/** Removes the deployment-bucket outputs osls adds; returns their names. */
function stripDeploymentBucketOutputs(template) {
  const outputs = (template && template.Outputs) || {};
  const removed = [];
  for (const name of Object.keys(outputs)) {
    if (BUCKET_OUTPUTS.includes(name) || /DeploymentBucket/.test(name)) {
      delete outputs[name];
      removed.push(name);
    }
  }
  return removed;
}

class StackSetTemplate {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:finalize': () => {
        stripDeploymentBucketOutputs(this.serverless.service.provider.compiledCloudFormationTemplate);
      },
      'before:deploy:deploy': () => {
        const e = new Error(
          'iam-guardian member stack: deploy it with a service-managed StackSet, not `serverless deploy` (README, "Organizations mode").\n' +
            'Build the template offline: npx serverless package --package .member',
        );
        e.stack = e.message;
        throw e;
      },
    };
  }
}

module.exports = StackSetTemplate;
module.exports.stripDeploymentBucketOutputs = stripDeploymentBucketOutputs;
