/**
 * Privilege-escalation methods: the 21 of Rhino Security Labs' aws_escalate.py (+ EditExistingLambdaFunctionWithRole),
 * Prowler's combinations (lib/privilege_escalation.py) and PMapper's edges. Each method is a list of steps; a step
 * needs one of its actions on a resource of the given kind. `passRole` adds an iam:PassRole step towards the
 * named service principal(s) (a PassRole restricted to literal role ARNs that are not known to be privileged, or
 * conditioned on iam:PassedToService for another service, does not count).
 */
export type TargetKind =
  /** the principal's own user (ARN known: exactly it; unknown: any user, since this policy may be attached to it) */
  | 'self-user'
  /** a user other than the principal (patterns using ${aws:username} only ever name the caller) */
  | 'other-user'
  | 'group'
  /** a group the principal belongs to (groups known: those; unknown: any group) */
  | 'own-group'
  | 'role'
  /** a customer-managed policy */
  | 'policy'
  /** any resource at all */
  | 'any';

export interface MethodStep {
  anyOf: string[];
  target: TargetKind;
}

export interface EscalationMethod {
  method: string;
  /** Where it comes from (rhino = Rhino Security Labs' 21, prowler, pmapper). */
  origin: 'rhino' | 'prowler' | 'pmapper';
  steps: MethodStep[];
  /** Service principals the role is passed to (adds an iam:PassRole step). */
  passRole?: string[];
  /** What the escalation reaches. */
  reaches: string;
}

const any = (...a: string[]): MethodStep => ({ anyOf: a, target: 'any' });
const role = (...a: string[]): MethodStep => ({ anyOf: a, target: 'role' });
const assume: MethodStep = role('sts:AssumeRole');

export const ESCALATION_METHODS: EscalationMethod[] = [
  // --- Rhino Security Labs (1–21 + EditExistingLambdaFunctionWithRole) ---
  { method: 'CreateNewPolicyVersion', origin: 'rhino', steps: [{ anyOf: ['iam:CreatePolicyVersion'], target: 'policy' }], reaches: 'any permission, by rewriting a customer-managed policy (new default version)' },
  { method: 'SetExistingDefaultPolicyVersion', origin: 'rhino', steps: [{ anyOf: ['iam:SetDefaultPolicyVersion'], target: 'policy' }], reaches: 'the permissions of an older, possibly broader, version of a customer-managed policy' },
  { method: 'CreateEC2WithExistingInstanceProfile', origin: 'rhino', passRole: ['ec2.amazonaws.com'], steps: [any('ec2:RunInstances')], reaches: 'the permissions of a role passed to a new EC2 instance' },
  { method: 'CreateAccessKey', origin: 'rhino', steps: [{ anyOf: ['iam:CreateAccessKey'], target: 'other-user' }], reaches: 'another user\'s permissions, through a new access key for that user' },
  { method: 'CreateLoginProfile', origin: 'rhino', steps: [{ anyOf: ['iam:CreateLoginProfile'], target: 'other-user' }], reaches: 'another user\'s permissions, through a console password set for that user' },
  { method: 'UpdateLoginProfile', origin: 'rhino', steps: [{ anyOf: ['iam:UpdateLoginProfile'], target: 'other-user' }], reaches: 'another user\'s permissions, by resetting that user\'s console password' },
  { method: 'AttachUserPolicy', origin: 'rhino', steps: [{ anyOf: ['iam:AttachUserPolicy'], target: 'self-user' }], reaches: 'any permission, by attaching a managed policy (e.g. AdministratorAccess) to oneself' },
  { method: 'AttachGroupPolicy', origin: 'rhino', steps: [{ anyOf: ['iam:AttachGroupPolicy'], target: 'own-group' }], reaches: 'any permission, by attaching a managed policy to one\'s own group' },
  { method: 'AttachRolePolicy', origin: 'rhino', steps: [role('iam:AttachRolePolicy'), assume], reaches: 'any permission, by attaching a managed policy to a role one can assume' },
  { method: 'PutUserPolicy', origin: 'rhino', steps: [{ anyOf: ['iam:PutUserPolicy'], target: 'self-user' }], reaches: 'any permission, by writing an inline policy on oneself' },
  { method: 'PutGroupPolicy', origin: 'rhino', steps: [{ anyOf: ['iam:PutGroupPolicy'], target: 'own-group' }], reaches: 'any permission, by writing an inline policy on one\'s own group' },
  { method: 'PutRolePolicy', origin: 'rhino', steps: [role('iam:PutRolePolicy'), assume], reaches: 'any permission, by writing an inline policy on a role one can assume' },
  { method: 'AddUserToGroup', origin: 'rhino', steps: [{ anyOf: ['iam:AddUserToGroup'], target: 'group' }], reaches: 'the permissions of any group it may add itself to (e.g. an admin group)' },
  { method: 'UpdateRolePolicyToAssumeIt', origin: 'rhino', steps: [role('iam:UpdateAssumeRolePolicy'), assume], reaches: 'the permissions of any role whose trust policy it may rewrite' },
  { method: 'PassExistingRoleToNewLambdaThenInvoke', origin: 'rhino', passRole: ['lambda.amazonaws.com'], steps: [any('lambda:CreateFunction'), any('lambda:InvokeFunction')], reaches: 'the permissions of a role passed to a new Lambda function' },
  { method: 'PassExistingRoleToNewLambdaThenTriggerWithNewDynamo', origin: 'rhino', passRole: ['lambda.amazonaws.com'], steps: [any('lambda:CreateFunction'), any('lambda:CreateEventSourceMapping'), any('dynamodb:CreateTable'), any('dynamodb:PutItem')], reaches: 'the permissions of a role passed to a new Lambda function triggered by a new DynamoDB stream' },
  { method: 'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo', origin: 'rhino', passRole: ['lambda.amazonaws.com'], steps: [any('lambda:CreateFunction'), any('lambda:CreateEventSourceMapping')], reaches: 'the permissions of a role passed to a new Lambda function triggered by an existing event source' },
  { method: 'PassExistingRoleToNewGlueDevEndpoint', origin: 'rhino', passRole: ['glue.amazonaws.com'], steps: [any('glue:CreateDevEndpoint')], reaches: 'the permissions of a role passed to a new Glue development endpoint' },
  { method: 'UpdateExistingGlueDevEndpoint', origin: 'rhino', steps: [any('glue:UpdateDevEndpoint')], reaches: 'the permissions of the role of an existing Glue development endpoint (SSH key swap)' },
  { method: 'PassExistingRoleToCloudFormation', origin: 'rhino', passRole: ['cloudformation.amazonaws.com'], steps: [any('cloudformation:CreateStack')], reaches: 'the permissions of a role passed to a new CloudFormation stack' },
  { method: 'PassExistingRoleToNewDataPipeline', origin: 'rhino', passRole: ['datapipeline.amazonaws.com', 'elasticmapreduce.amazonaws.com'], steps: [any('datapipeline:CreatePipeline'), any('datapipeline:PutPipelineDefinition'), any('datapipeline:ActivatePipeline')], reaches: 'the permissions of a role passed to a new Data Pipeline' },
  { method: 'EditExistingLambdaFunctionWithRole', origin: 'rhino', steps: [any('lambda:UpdateFunctionCode')], reaches: 'the permissions of the execution role of an existing Lambda function' },
  // --- Prowler combinations beyond Rhino ---
  { method: 'DeleteUserPermissionsBoundary', origin: 'prowler', steps: [{ anyOf: ['iam:DeleteUserPermissionsBoundary'], target: 'self-user' }], reaches: 'everything its own policies grant, by removing its permissions boundary' },
  { method: 'PutUserPermissionsBoundary', origin: 'prowler', steps: [{ anyOf: ['iam:PutUserPermissionsBoundary'], target: 'self-user' }], reaches: 'everything its own policies grant, by replacing its permissions boundary with a permissive one' },
  { method: 'DeleteRolePermissionsBoundary', origin: 'prowler', steps: [role('iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'), assume], reaches: 'everything a role\'s policies grant, by removing or replacing its boundary and assuming it' },
  { method: 'PassRoleToNewLambdaThenAddPermission', origin: 'prowler', passRole: ['lambda.amazonaws.com'], steps: [any('lambda:CreateFunction'), any('lambda:AddPermission')], reaches: 'the permissions of a role passed to a new Lambda function invoked through a resource policy' },
  { method: 'PassRoleToSpotInstances', origin: 'prowler', passRole: ['ec2.amazonaws.com', 'spot.amazonaws.com'], steps: [any('ec2:RequestSpotInstances')], reaches: 'the permissions of a role passed to a new spot instance' },
  { method: 'PassRoleToNewGlueJob', origin: 'prowler', passRole: ['glue.amazonaws.com'], steps: [any('glue:CreateJob', 'glue:UpdateJob'), any('glue:StartJobRun', 'glue:CreateTrigger')], reaches: 'the permissions of a role passed to a Glue job' },
  { method: 'PassRoleToNewGlueSession', origin: 'prowler', passRole: ['glue.amazonaws.com'], steps: [any('glue:CreateSession'), any('glue:RunStatement')], reaches: 'the permissions of a role passed to a Glue interactive session' },
  { method: 'PassRoleToCloudFormationStackSet', origin: 'prowler', passRole: ['cloudformation.amazonaws.com'], steps: [any('cloudformation:CreateStackSet', 'cloudformation:UpdateStackSet'), any('cloudformation:CreateStackInstances', 'cloudformation:UpdateStackSet')], reaches: 'the permissions of a role passed to a CloudFormation stack set' },
  { method: 'PassRoleToCodeStarProject', origin: 'prowler', passRole: ['codestar.amazonaws.com'], steps: [any('codestar:CreateProject')], reaches: 'the permissions of a role passed to a CodeStar project' },
  { method: 'PassRoleToNewCodeBuildProject', origin: 'prowler', passRole: ['codebuild.amazonaws.com'], steps: [any('codebuild:CreateProject'), any('codebuild:StartBuild', 'codebuild:StartBuildBatch')], reaches: 'the permissions of a role passed to a new CodeBuild project' },
  { method: 'PassRoleToAutoScalingLaunchConfiguration', origin: 'prowler', passRole: ['ec2.amazonaws.com', 'autoscaling.amazonaws.com'], steps: [any('autoscaling:CreateLaunchConfiguration'), any('autoscaling:CreateAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup')], reaches: 'the permissions of a role passed to instances of an Auto Scaling group' },
  { method: 'PassRoleToEcsTask', origin: 'prowler', passRole: ['ecs-tasks.amazonaws.com', 'ecs.amazonaws.com'], steps: [any('ecs:RegisterTaskDefinition'), any('ecs:CreateService', 'ecs:RunTask', 'ecs:StartTask')], reaches: 'the permissions of a role passed to a new ECS task' },
  { method: 'PassRoleToSageMaker', origin: 'prowler', passRole: ['sagemaker.amazonaws.com'], steps: [any('sagemaker:CreateNotebookInstance', 'sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob')], reaches: 'the permissions of a role passed to a SageMaker notebook or job' },
  { method: 'PassRoleToAppRunnerService', origin: 'prowler', passRole: ['tasks.apprunner.amazonaws.com', 'build.apprunner.amazonaws.com'], steps: [any('apprunner:CreateService')], reaches: 'the permissions of a role passed to a new App Runner service' },
  { method: 'PassRoleToBatchJob', origin: 'prowler', passRole: ['ecs-tasks.amazonaws.com', 'batch.amazonaws.com'], steps: [any('batch:RegisterJobDefinition'), any('batch:SubmitJob')], reaches: 'the permissions of a role passed to a Batch job' },
  { method: 'PassRoleToCognitoIdentityPool', origin: 'prowler', passRole: ['cognito-identity.amazonaws.com'], steps: [any('cognito-identity:SetIdentityPoolRoles')], reaches: 'the permissions of a role handed out by an identity pool' },
  { method: 'PassRoleToEmrCluster', origin: 'prowler', passRole: ['elasticmapreduce.amazonaws.com', 'ec2.amazonaws.com'], steps: [any('elasticmapreduce:RunJobFlow')], reaches: 'the permissions of a role passed to a new EMR cluster' },
  { method: 'PassRoleToEmrServerless', origin: 'prowler', passRole: ['emr-serverless.amazonaws.com'], steps: [any('emr-serverless:CreateApplication'), any('emr-serverless:StartJobRun')], reaches: 'the permissions of a role passed to an EMR Serverless job' },
  { method: 'PassRoleToScheduler', origin: 'prowler', passRole: ['scheduler.amazonaws.com'], steps: [any('scheduler:CreateSchedule')], reaches: 'the permissions of a role passed to an EventBridge Scheduler schedule' },
  { method: 'PassRoleToSsmAutomation', origin: 'prowler', passRole: ['ssm.amazonaws.com'], steps: [any('ssm:CreateDocument'), any('ssm:StartAutomationExecution')], reaches: 'the permissions of a role passed to an SSM Automation run' },
  { method: 'PassRoleToStepFunctions', origin: 'prowler', passRole: ['states.amazonaws.com'], steps: [any('states:CreateStateMachine'), any('states:StartExecution')], reaches: 'the permissions of a role passed to a new state machine' },
  { method: 'PassRoleToKinesisAnalytics', origin: 'prowler', passRole: ['kinesisanalytics.amazonaws.com'], steps: [any('kinesisanalytics:CreateApplication'), any('kinesisanalytics:StartApplication')], reaches: 'the permissions of a role passed to a Kinesis Data Analytics application' },
  { method: 'PassRoleToBraketJob', origin: 'prowler', passRole: ['braket.amazonaws.com'], steps: [any('braket:CreateJob')], reaches: 'the permissions of a role passed to a Braket hybrid job' },
  { method: 'PassRoleToImageBuilder', origin: 'prowler', passRole: ['ec2.amazonaws.com', 'imagebuilder.amazonaws.com'], steps: [any('imagebuilder:CreateComponent'), any('imagebuilder:CreateImageRecipe'), any('imagebuilder:CreateInfrastructureConfiguration'), any('imagebuilder:CreateImage')], reaches: 'the permissions of a role passed to an Image Builder build instance' },
  { method: 'PassRoleToGameLiftFleet', origin: 'prowler', passRole: ['gamelift.amazonaws.com'], steps: [any('gamelift:CreateBuild'), any('gamelift:CreateFleet'), any('gamelift:RequestUploadCredentials')], reaches: 'the permissions of a role passed to a GameLift fleet' },
  // --- existing resources that already run with a role (no PassRole needed) ---
  { method: 'ModifyInstanceUserData', origin: 'prowler', steps: [any('ec2:ModifyInstanceAttribute'), any('ec2:StopInstances'), any('ec2:StartInstances')], reaches: 'the permissions of the instance profile of an existing EC2 instance (user data runs at boot)' },
  { method: 'NewLaunchTemplateVersion', origin: 'prowler', steps: [any('ec2:CreateLaunchTemplateVersion'), any('ec2:ModifyLaunchTemplate')], reaches: 'the permissions of instance profiles used by an existing launch template' },
  { method: 'SendSSHPublicKey', origin: 'prowler', steps: [any('ec2-instance-connect:SendSSHPublicKey')], reaches: 'the permissions of the instance profile of an existing EC2 instance (SSH access)' },
  { method: 'UpdateExistingLambdaConfiguration', origin: 'prowler', steps: [any('lambda:UpdateFunctionConfiguration')], reaches: 'the permissions of an existing Lambda function\'s role (malicious layer or environment)' },
  { method: 'UpdateExistingCloudFormationStack', origin: 'prowler', steps: [any('cloudformation:UpdateStack')], reaches: 'the permissions of the service role of an existing stack' },
  { method: 'ExecuteCloudFormationChangeSet', origin: 'prowler', steps: [any('cloudformation:CreateChangeSet'), any('cloudformation:ExecuteChangeSet')], reaches: 'the permissions of the service role of an existing stack' },
  { method: 'StartExistingCodeBuildProject', origin: 'prowler', steps: [any('codebuild:StartBuild', 'codebuild:StartBuildBatch')], reaches: 'the permissions of an existing CodeBuild project\'s role (buildspec override)' },
  { method: 'EcsExecuteCommand', origin: 'prowler', steps: [any('ecs:ExecuteCommand')], reaches: 'the task role of a running ECS task (shell inside it)' },
  { method: 'SageMakerPresignedNotebookUrl', origin: 'prowler', steps: [any('sagemaker:CreatePresignedNotebookInstanceUrl')], reaches: 'the role of an existing SageMaker notebook instance' },
  { method: 'SsmStartSession', origin: 'prowler', steps: [any('ssm:StartSession')], reaches: 'the instance profile of a managed EC2 instance (shell on it)' },
  { method: 'SsmSendCommand', origin: 'prowler', steps: [any('ssm:SendCommand')], reaches: 'the instance profile of a managed EC2 instance (commands run on it)' },
  { method: 'UpdateExistingAppRunnerService', origin: 'prowler', steps: [any('apprunner:UpdateService')], reaches: 'the instance role of an existing App Runner service' },
  { method: 'UpdateExistingStateMachine', origin: 'prowler', steps: [any('states:UpdateStateMachine'), any('states:StartExecution')], reaches: 'the role of an existing state machine' },
  { method: 'SsoPermissionSetPolicy', origin: 'prowler', steps: [any('sso:PutInlinePolicyToPermissionSet', 'sso:AttachManagedPolicyToPermissionSet', 'sso:AttachCustomerManagedPolicyReferenceToPermissionSet')], reaches: 'any permission in accounts where an IAM Identity Center permission set it can edit is assigned' },
  // --- PMapper edges ---
  { method: 'CreateRoleWithPolicy', origin: 'pmapper', steps: [role('iam:CreateRole'), role('iam:AttachRolePolicy', 'iam:PutRolePolicy')], reaches: 'any permission, through a new role that trusts the caller' },
  { method: 'PassRoleToExistingInstance', origin: 'pmapper', passRole: ['ec2.amazonaws.com'], steps: [any('ec2:AssociateIamInstanceProfile', 'ec2:ReplaceIamInstanceProfileAssociation')], reaches: 'the permissions of a role attached to an existing EC2 instance it can reach' },
];
