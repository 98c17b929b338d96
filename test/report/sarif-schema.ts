/**
 * Test helper: the structural rules of the SARIF 2.1.0 JSON schema (OASIS, sarif-schema-2.1.0.json) for the objects
 * Gatehouse writes, checked by hand — the schema file is not vendored and nothing is fetched. For each object type:
 * required properties, allowed properties (the schema sets additionalProperties: false on these), value types, enums.
 * Returns a list of violations (empty = valid).
 */
type Json = unknown;
type Check = (v: Json, path: string, errs: string[]) => void;

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v, p, e) => { if (typeof v !== 'string') { e.push(`${p}: expected string`); } };
const int = (min: number): Check => (v, p, e) => { if (!Number.isInteger(v) || (v as number) < min) { e.push(`${p}: expected integer ≥ ${min}`); } };
const oneOf = (vals: readonly string[]): Check => (v, p, e) => { if (typeof v !== 'string' || !vals.includes(v)) { e.push(`${p}: expected one of ${vals.join('|')}`); } };
const uri: Check = (v, p, e) => {
  if (typeof v !== 'string') { e.push(`${p}: expected URI string`); return; }
  try { new URL(v); } catch { if (!/^[^\s:]+$/.test(v)) { e.push(`${p}: not a URI reference: ${v}`); } }
};
const bag: Check = (v, p, e) => {
  if (!isObj(v)) { e.push(`${p}: propertyBag must be an object`); return; }
  if ('tags' in v) {
    const t = v.tags;
    if (!Array.isArray(t) || t.some((x) => typeof x !== 'string') || new Set(t).size !== t.length) { e.push(`${p}.tags: unique strings expected`); }
  }
};
const arr = (item: Check, minItems = 0, unique = false): Check => (v, p, e) => {
  if (!Array.isArray(v)) { e.push(`${p}: expected array`); return; }
  if (v.length < minItems) { e.push(`${p}: at least ${minItems} item(s)`); }
  if (unique && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) { e.push(`${p}: items must be unique`); }
  v.forEach((x, i) => item(x, `${p}[${i}]`, e));
};
const mapOf = (item: Check): Check => (v, p, e) => {
  if (!isObj(v)) { e.push(`${p}: expected object`); return; }
  for (const [k, x] of Object.entries(v)) { item(x, `${p}.${k}`, e); }
};
function obj(props: Record<string, Check>, required: readonly string[] = [], extra?: (v: Record<string, Json>, p: string, e: string[]) => void): Check {
  return (v, p, e) => {
    if (!isObj(v)) { e.push(`${p}: expected object`); return; }
    for (const r of required) { if (!(r in v)) { e.push(`${p}: missing required "${r}"`); } }
    for (const [k, x] of Object.entries(v)) {
      const c = props[k];
      if (!c) { e.push(`${p}: property "${k}" not allowed`); continue; }
      c(x, `${p}.${k}`, e);
    }
    extra?.(v, p, e);
  };
}

const message = obj({ text: str, markdown: str, id: str, arguments: arr(str), properties: bag }, [],
  (v, p, e) => { if (!('text' in v) && !('id' in v)) { e.push(`${p}: message needs text or id`); } });
const mfString = obj({ text: str, markdown: str, properties: bag }, ['text']);
const LEVELS = ['none', 'note', 'warning', 'error'] as const;
const reportingConfiguration = obj({ enabled: (v, p, e) => { if (typeof v !== 'boolean') { e.push(`${p}: boolean`); } }, level: oneOf(LEVELS), rank: int(-1), parameters: bag, properties: bag });
const reportingDescriptor = obj({
  id: str, deprecatedIds: arr(str), guid: str, name: str, shortDescription: mfString, fullDescription: mfString,
  messageStrings: mapOf(mfString), defaultConfiguration: reportingConfiguration, helpUri: uri, help: mfString, properties: bag,
}, ['id']);
const toolComponent = obj({
  guid: str, name: str, organization: str, product: str, fullName: str, version: str, semanticVersion: str,
  informationUri: uri, downloadUri: uri, rules: arr(reportingDescriptor, 0, true), notifications: arr(reportingDescriptor, 0, true), properties: bag,
}, ['name']);
const tool = obj({ driver: toolComponent, extensions: arr(toolComponent, 0, true), properties: bag }, ['driver']);
const artifactLocation = obj({ uri, uriBaseId: str, index: int(-1), description: message, properties: bag });
const physicalLocation = obj({ address: bag, artifactLocation, region: bag, contextRegion: bag, properties: bag });
const logicalLocation = obj({ name: str, index: int(-1), fullyQualifiedName: str, decoratedName: str, parentIndex: int(-1), kind: str, properties: bag });
const location = obj({ id: int(-1), physicalLocation, logicalLocations: arr(logicalLocation, 0, true), message, annotations: arr(bag), relationships: arr(bag), properties: bag });
const result = obj({
  guid: str, correlationGuid: str, ruleId: str, ruleIndex: int(-1), rule: bag, kind: oneOf(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']),
  level: oneOf(LEVELS), message, analysisTarget: artifactLocation, locations: arr(location), fingerprints: mapOf(str), partialFingerprints: mapOf(str),
  rank: (v, p, e) => { if (typeof v !== 'number' || v < -1 || v > 100) { e.push(`${p}: -1..100`); } }, properties: bag,
}, ['message']);
const run = obj({
  tool, invocations: arr(bag), language: str, results: arr(result), automationDetails: obj({ description: message, id: str, guid: str, correlationGuid: str, properties: bag }),
  columnKind: oneOf(['utf16CodeUnits', 'unicodeCodePoints']), properties: bag, artifacts: arr(bag), originalUriBaseIds: bag,
}, ['tool']);
const log = obj({ $schema: uri, version: oneOf(['2.1.0']), runs: arr(run), inlineExternalProperties: arr(bag), properties: bag }, ['version', 'runs']);

/** Violations of the SARIF 2.1.0 schema rules above, plus the cross-references the spec requires (ruleIndex ↔ ruleId). */
export function sarifViolations(doc: Json): string[] {
  const errs: string[] = [];
  log(doc, '$', errs);
  if (isObj(doc) && Array.isArray(doc.runs)) {
    doc.runs.forEach((r, i) => {
      if (!isObj(r) || !isObj(r.tool) || !isObj(r.tool.driver)) { return; }
      const rules = Array.isArray(r.tool.driver.rules) ? r.tool.driver.rules as Record<string, Json>[] : [];
      (Array.isArray(r.results) ? r.results as Record<string, Json>[] : []).forEach((res, j) => {
        if (typeof res.ruleIndex === 'number' && res.ruleIndex >= 0 && rules[res.ruleIndex]?.id !== res.ruleId) {
          errs.push(`$.runs[${i}].results[${j}]: ruleIndex ${res.ruleIndex} does not point at rule ${String(res.ruleId)}`);
        }
      });
    });
  }
  return errs;
}
