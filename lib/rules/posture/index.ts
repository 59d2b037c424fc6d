/** Every posture (sweep) rule. A contract test fails when a rule file in this folder is not listed here. */
import type { PostureRule } from '../types';

export const POSTURE_RULES: PostureRule[] = [];
