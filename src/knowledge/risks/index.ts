/** @module knowledge/risks — all risk catalogue data files, in one list (validated by knowledge/catalogue.ts). */
import type { RiskData } from './types.js';
import { remoteAccessRisks } from './remote-access.js';
import { fileRisks } from './files.js';
import { mailRisks } from './mail.js';
import { dataStoreRisks } from './data-stores.js';
import { infrastructureRisks } from './infrastructure.js';

export type { RiskData } from './types.js';

export const RISK_DATA: readonly RiskData[] = [...remoteAccessRisks, ...fileRisks, ...mailRisks, ...dataStoreRisks, ...infrastructureRisks];
