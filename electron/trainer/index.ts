/**
 * The trainer's public surface for the app, browser mode and the CLI: start jobs in a trainer
 * process (TrainerSupervisor), read kept runs, or run a job in-process (tests, benchmarks).
 * Events and requests are typed in shared/train/ (events.ts, request.ts, settings.ts).
 */
export { TrainerSupervisor, forkTrainer, utilityProcessTrainer, TRAINER_ENTRY, type SpawnTrainer, type TrainerJob, type TrainerProcess, type UtilityProcessModule } from './supervisor.ts';
export { listRuns, loadRun, createRunRecorder, type RunRecord, type RunSummary, type RunStatus } from './runs.ts';
export { runTraining, type RunOptions } from './run.ts';
export { runJob, loadSavedModel } from './jobs.ts';
export { selectEngine, type Engine } from './engine.ts';
export { diagnoseGpu, probeGpu } from './gpuDoctor.ts';
export { resolveModelPath, readCheckpointInfo } from './checkpoint.ts';
