/** Every event (real-time) rule. A contract test fails when a rule file in this folder is not listed here. */
import type { EventRule } from '../types';

export const EVENT_RULES: EventRule[] = [];
