/**
 * Where one alert goes. The decision whether an event alerts at all is made once, by the engine (alertThreshold,
 * disabled rules, suppressions: a suppressed finding never counts, ScoredEvent.alert); this only picks the channels
 * for that one decision by the event's severity (config `alerts`). So a suppression silences e-mail, chat and
 * webhooks alike, and no channel can alert on something another one was told to ignore.
 */
import type { Severity } from '../findings/types';
import { DEFAULT_ALERTS, type AlertsConfig, type Config, type WebhookSpec } from '../config/types';

export interface AlertRoute {
  email: boolean;
  chat: boolean;
  webhooks: WebhookSpec[];
}

export const NO_ROUTE: AlertRoute = { email: false, chat: false, webhooks: [] };

export function alertsConfig(config: Pick<Config, 'alerts'>): AlertsConfig {
  return config.alerts ?? DEFAULT_ALERTS;
}

/** The channels of an alert with the engine's verdict (`alert`) and severity; nothing when it does not alert. */
export function routeAlert(config: Pick<Config, 'alerts'>, verdict: { alert: boolean; severity: Severity | 'none' }): AlertRoute {
  if (!verdict.alert || verdict.severity === 'none') return NO_ROUTE;
  const sev = verdict.severity;
  const a = alertsConfig(config);
  return {
    email: a.email.severities.includes(sev),
    chat: a.chat.severities.includes(sev),
    webhooks: a.webhooks.filter((w) => w.severities.includes(sev)),
  };
}

/** The channels of the weekly report (e-mail always: it is the report's home). */
export function routeWeeklyReport(config: Pick<Config, 'alerts'>): AlertRoute {
  const a = alertsConfig(config);
  return { email: true, chat: a.chat.weeklySummary, webhooks: a.webhooks.filter((w) => w.weeklySummary) };
}
