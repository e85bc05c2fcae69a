import { internal } from '@lmctfy/core';
import type { DeviceRule } from '@lmctfy/core';

/** "c 1:3 rwm", as v1 devices.allow/deny take it and devices.list prints it. */
export const formatRule = (r: DeviceRule): string => `${r.type} ${r.major ?? '*'}:${r.minor ?? '*'} ${r.access}`;

const num = (s: string): number | '*' => (s === '*' ? '*' : Number(s));

/** One devices.list line back into an allow rule ("a *:* rwm" included). */
export function parseRuleLine(line: string, allow: boolean): DeviceRule {
  const m = /^([abc]) (\d+|\*):(\d+|\*) ([rwm]+)$/.exec(line.trim());
  if (!m) throw internal(`unexpected devices.list line ${JSON.stringify(line)}`);
  return { allow, type: m[1] as DeviceRule['type'], major: num(m[2]), minor: num(m[3]), access: m[4] };
}

export const allRule = (allow: boolean): DeviceRule => ({ allow, type: 'a', major: '*', minor: '*', access: 'rwm' });

/**
 * What a rule list means, whatever the cgroup version: start from allow-all; a type 'a'
 * rule resets to allow-all or deny-all and forgets earlier rules (as writing `a` to v1
 * devices.allow/deny does); among the rest, the last rule matching an access decides.
 */
export interface DevicePolicy {
  defaultAllow: boolean;
  /** Rules after the last reset, in order (never type 'a'). */
  rules: DeviceRule[];
}

export function devicePolicy(rules: readonly DeviceRule[]): DevicePolicy {
  let policy: DevicePolicy = { defaultAllow: true, rules: [] };
  for (const r of rules) {
    if (r.type === 'a') policy = { defaultAllow: r.allow, rules: [] };
    else policy.rules.push(r);
  }
  return policy;
}

/** The canonical rule list of a policy: the reset first, then its rules. */
export const policyRules = (p: DevicePolicy): DeviceRule[] => [allRule(p.defaultAllow), ...p.rules];
