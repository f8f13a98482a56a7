/**
 * Whether two evaluation reports can be gated like for like: same data, same metric context
 * (merchant tiers), same protocol, same fairness population, same propensity model.
 */
import type { EvalReport, MerchantTierCounts, ProtocolInfo } from './report/types.js';

/** Internal: why two reports are not like for like (`reasons`), and what could not be checked (`notes`). */
export interface _Comparability {
  /** Each a sentence naming what differs and both values; empty when comparable. */
  readonly reasons: readonly string[];
  /** What one report does not record (written by an earlier version), so was not checked. */
  readonly notes: readonly string[];
}

const FINGERPRINT_PARTS = ['catalogue', 'training fold', 'test fold'];

/** The scheme of a `<scheme>:<catalogue>:<train>:<test>` fingerprint (`set64`, or `crc32` of earlier versions), else undefined. */
function fingerprintScheme(fingerprint: string): string | undefined {
  const parts = fingerprint.split(':');
  return parts.length === 4 ? parts[0] : undefined;
}

/** True when the two fingerprints are of different known schemes (one report predates `set64`): the data cannot be checked. */
function schemesDiffer(baseline: EvalReport, current: EvalReport): boolean {
  const b = fingerprintScheme(baseline.dataset.fingerprint);
  const c = fingerprintScheme(current.dataset.fingerprint);
  return b !== undefined && c !== undefined && b !== c;
}

function dataReason(baseline: EvalReport, current: EvalReport): string | undefined {
  const b = baseline.dataset;
  const c = current.dataset;
  if (b.fingerprint === c.fingerprint || schemesDiffer(baseline, current)) return undefined;
  const bp = b.fingerprint.split(':');
  const cp = c.fingerprint.split(':');
  const parts = bp.length === 4 && cp.length === 4 && bp[0] === cp[0] ? FINGERPRINT_PARTS.filter((_, i) => bp[i + 1] !== cp[i + 1]).join(', ') : 'data';
  return `baseline and current come from different data (${parts} differ: dataset ${JSON.stringify(b.name)} fingerprint ${b.fingerprint}, current ${JSON.stringify(c.name)} ${c.fingerprint})`;
}

function tierText(tiers: MerchantTierCounts | undefined): string {
  return tiers === undefined ? '' : `, head/mid/small merchants ${tiers.head}/${tiers.mid}/${tiers.small}`;
}

function contextReason(baseline: EvalReport, current: EvalReport): string | undefined {
  const b = baseline.dataset;
  const c = current.dataset;
  if (b.contextFingerprint === undefined || c.contextFingerprint === undefined || b.contextFingerprint === c.contextFingerprint) return undefined;
  return (
    `the metric context differs: merchant tiers or the short-head share (baseline context fingerprint ${b.contextFingerprint}${tierText(b.merchantTiers)}; ` +
    `current ${c.contextFingerprint}${tierText(c.merchantTiers)}), so tier metrics such as small-share are not comparable`
  );
}

type ProtocolKey = Exclude<keyof ProtocolInfo, 'metrics'>;

/**
 * The protocol keys the gate compares. Not `metrics`: a label only one report has is reported
 * missing (or ignored) by the gate, and a longer metric cut-off changes the other numbers only
 * through `listLength`, which is compared.
 */
const PROTOCOL_KEYS: readonly ProtocolKey[] = ['k', 'listLength', 'candidates', 'ledger', 'relevantTypes', 'fairnessMerchants'];

function protocolValue(p: ProtocolInfo, key: ProtocolKey): string {
  if (key !== 'relevantTypes') return JSON.stringify(p[key]);
  return p.relevantTypes === null ? 'every positive-weight event' : JSON.stringify([...p.relevantTypes].sort());
}

/** The protocol keys whose values differ, each as `key: baseline X, current Y`. */
function protocolDifferences(b: ProtocolInfo, c: ProtocolInfo): { keys: ProtocolKey[]; text: string[] } {
  const keys = PROTOCOL_KEYS.filter((key) => protocolValue(b, key) !== protocolValue(c, key));
  return { keys, text: keys.map((key) => `${key}: baseline ${protocolValue(b, key)}, current ${protocolValue(c, key)}`) };
}

function fairnessReason(baseline: EvalReport, current: EvalReport): string | undefined {
  const b = baseline.fairness;
  const c = current.fairness;
  // Reports older than the fairness section covered every merchant.
  if ((b?.merchants ?? 'all') === (c?.merchants ?? 'all')) return undefined;
  const text = (f: EvalReport['fairness']): string => (f === undefined ? 'all merchants' : `${f.merchants} merchants, ${f.covered} of ${f.total}`);
  return `the fairness metrics cover different merchants (baseline: ${text(b)}; current: ${text(c)}), so merchant-gini, small-share and the other exposure metrics are not comparable`;
}

function propensityReason(baseline: EvalReport, current: EvalReport): string | undefined {
  const bp = baseline.propensity;
  const cp = current.propensity;
  if (bp === undefined || cp === undefined || (bp.description === cp.description && bp.clip === cp.clip)) return undefined;
  return `the corrected metrics use different propensity models (baseline: ${bp.description}, clip ${bp.clip}; current: ${cp.description}, clip ${cp.clip})`;
}

/** What `report` does not record (a report of an earlier version). */
function unrecorded(report: EvalReport): string[] {
  return [
    ...(report.protocol === undefined ? ['its protocol (k, list length, candidates, ledger, relevantTypes, fairnessMerchants)'] : []),
    ...(report.dataset.contextFingerprint === undefined ? ['its metric context (merchant tiers)'] : []),
  ];
}

/** One note per report that lacks records (one for both when they lack the same). */
function unrecordedNotes(baseline: EvalReport, current: EvalReport): string[] {
  const what = (missing: readonly string[]): string =>
    `${missing.join(' or ')}: written by an earlier version, so compared as before without checking that; regenerate to have it checked`;
  const b = unrecorded(baseline);
  const c = unrecorded(current);
  if (b.length > 0 && b.join() === c.join()) return [`neither report records ${what(b)}`];
  return [...(b.length > 0 ? [`the baseline does not record ${what(b)}`] : []), ...(c.length > 0 ? [`the current report does not record ${what(c)}`] : [])];
}

/**
 * Internal: why two reports are not like for like: different dataset fingerprints (naming the
 * parts that differ for `<scheme>:<catalogue>:<train>:<test>` fingerprints of one scheme; of two
 * schemes, a note instead), different metric
 * contexts (merchant tiers), different protocols (naming the keys), different fairness
 * populations or different propensity models behind the corrected metrics. A check one report
 * lacks the record for is skipped, with a note.
 */
export function _comparability(baseline: EvalReport, current: EvalReport): _Comparability {
  const reasons: (string | undefined)[] = [dataReason(baseline, current), contextReason(baseline, current)];
  let fairnessCovered = false;
  if (baseline.protocol !== undefined && current.protocol !== undefined) {
    const diff = protocolDifferences(baseline.protocol, current.protocol);
    fairnessCovered = diff.keys.includes('fairnessMerchants');
    if (diff.keys.length > 0) reasons.push(`the reports were made under different protocols (${diff.text.join('; ')})`);
  }
  if (!fairnessCovered) reasons.push(fairnessReason(baseline, current));
  reasons.push(propensityReason(baseline, current));
  const notes = unrecordedNotes(baseline, current);
  if (schemesDiffer(baseline, current)) {
    notes.push(
      `the data fingerprints are of different versions (baseline ${baseline.dataset.fingerprint}, current ${current.dataset.fingerprint}: ` +
        'crc32 hashed the records in input order, set64 whatever their order), so the data was not checked; regenerate the baseline to have it checked',
    );
  }
  return { reasons: reasons.filter((r) => r !== undefined), notes };
}

function listOf(values: readonly string[], max = 8): string {
  if (values.length === 0) return '(none)';
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

function labelsOf(report: EvalReport): string[] {
  const labels = new Set<string>();
  for (const run of report.runs) for (const label of Object.keys(run.metrics)) labels.add(label);
  return [...labels];
}

/** `the same metrics at other cut-offs, baseline @10 and current @5: another k?` when the labels share names, else undefined. */
function cutOffHint(baseline: readonly string[], current: readonly string[]): string | undefined {
  const split = (labels: readonly string[]): { names: Set<string>; cuts: Set<string> } => {
    const names = new Set<string>();
    const cuts = new Set<string>();
    for (const label of labels) {
      const at = label.lastIndexOf('@');
      names.add(at < 0 ? label : label.slice(0, at));
      if (at >= 0) cuts.add(label.slice(at));
    }
    return { names, cuts };
  };
  const b = split(baseline);
  const c = split(current);
  if (![...b.names].some((name) => c.names.has(name))) return undefined;
  return `the same metrics at other cut-offs, baseline ${[...b.cuts].join(', ')} and current ${[...c.cuts].join(', ')}: another k?`;
}

/**
 * Internal: why the gate found nothing to compare (no baseline metric is in the current report,
 * or the baseline has none): what each report has, and the likely cause.
 */
export function _nothingToCompare(baseline: EvalReport, current: EvalReport): string {
  const bLabels = labelsOf(baseline);
  if (bLabels.length === 0) {
    return `nothing to compare: the baseline has no metrics (${baseline.runs.length === 0 ? 'no runs' : `runs ${listOf(baseline.runs.map((r) => JSON.stringify(r.name)))} without metrics`})`;
  }
  const bRuns = baseline.runs.map((r) => r.name);
  const cRuns = new Set(current.runs.map((r) => r.name));
  const cLabels = labelsOf(current);
  const why = bRuns.some((name) => cRuns.has(name))
    ? `the runs match but no metric label does (${cutOffHint(bLabels, cLabels) ?? 'other metrics?'})`
    : 'no run of the baseline is in the current report (renamed runs?)';
  const side = (r: EvalReport, labels: readonly string[]): string => `runs ${listOf(r.runs.map((run) => JSON.stringify(run.name)))} with ${listOf(labels)}`;
  return `nothing to compare: none of the baseline's ${bLabels.length} metric labels is in a run of the same name in the current report: ${why}; baseline: ${side(baseline, bLabels)}; current: ${side(current, cLabels)}`;
}
