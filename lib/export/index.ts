/** Export formats for findings: OCSF (2003 / 2004), ASFF (Security Hub), CSV. */
export { toOcsf, fromOcsf, OCSF_VERSION, COMPLIANCE_FINDING_CLASS, DETECTION_FINDING_CLASS, OcsfImportError } from './ocsf';
export type { OcsfFinding, OcsfContext, OcsfUnmapped } from './ocsf';
export { toAsff, asffTypes, productArn, ASFF_SCHEMA_VERSION } from './asff';
export type { AsffFinding, AsffContext, AsffSeverityLabel } from './asff';
export { toCsv, csvRow, safeCell, CSV_COLUMNS } from './csv';
export type { CsvColumn } from './csv';
export { resourceType, controlRequirements, controlStandards, PRODUCT_NAME, PRODUCT_VERSION } from './common';
