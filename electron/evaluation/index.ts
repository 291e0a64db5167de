/** Test-time evaluation beyond one pass: ensembles of runs and 10-crop testing. */
export { evaluateEnsemble, type EnsembleMember, type EnsembleResult } from './ensemble.ts';
export { evaluateMultiCrop, cropSize, type MultiCropOptions, type MultiCropResult } from './multiCrop.ts';
export { tenCropViews, cropOrigins, cropWindow, TEN_CROP_NAMES } from './views.ts';
export { score, meanProbabilities, refuseMisfit, type EvaluationOptions, type Member, type Scores } from './predict.ts';
export { dataFit, dataWhere, misfitMessage, type DataFit, type FitMember, type RunsInput } from './dataFit.ts';
export { runEvaluation, defaultEvaluationEntry, evaluationExecArgv, utilityProcessEvaluation, EVALUATION_ENTRY, EVALUATION_BUNDLE, EVALUATION_SOURCE_ENTRY, type EvaluationRequest, type EvaluationReply, type RunEvaluationOptions, type SpawnEvaluation } from './process.ts';
