/** @module score/types — the grade types, defined with the other contract types in core/grade. */
export type { Letter, FactorKey, FactorScore, Deduction, Grade, GroupGrade, GradeCap } from '../core/grade.js';
