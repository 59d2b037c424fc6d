/** The documented chat parameters (README "Alerts in chat"), shared by the chat and cfn-lint tests (one packaging run). */
export const CHAT = {
  slackWorkspaceId: 'T0123ABCD',
  slackChannelId: 'C0456EFGH',
  teamsTenantId: '0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011',
  teamsTeamId: '11223344-5566-4778-899a-aabbccddeeff',
  teamsChannelId: '19%3ab6ef35dc342d4a8ba2f0f5a1b2c3d4e5%40thread.tacv2',
} as const;

export const CHAT_PARAMS: string[] = Object.entries(CHAT).map(([k, v]) => `--param=${k}=${v}`);
