/** @module score — pure Findings → Grade (docs/scoring.md): grade, explain, plan, groups. */
export type { Grade, GroupGrade, Deduction, FactorScore, FactorKey, Letter } from './types.js';
export { FACTORS, SEVERITY_WEIGHT, DECAY, SATURATION, UNITS, MODEL_ID, letterFor, parseLetter, minScoreFor } from './model.js';
export { factorOf, FACTOR_OF_ID } from './factors.js';
export { gradeHosts, gradeHost, withGrades, withGradeChunk, gradedHosts, type GradeOptions } from './document.js';
export { explain, type Contribution, type Explanation } from './explain.js';
export { planFixes, candidateFixes, type Plan, type PlanStep, type Fix } from './plan.js';
export { loadGroups, parseGroups, groupOf, UNGROUPED, type GroupDef } from './groups.js';
